/** Spawns `paymentNode.ts` under tsx and waits for `READY <port>`; kill() and kill9() await exit. */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import type { NodeConfig } from './paymentNode.ts'

const root = join(import.meta.dirname, '..', '..', '..')

/** A running payment node. */
export type NodeProcess = {
  url: string
  child: ChildProcess
  /** stderr so far (logs). */
  logs(): string
  /** SIGTERM and wait. */
  stop(): Promise<void>
  /** SIGKILL (kill -9) and wait. */
  kill9(): Promise<void>
}

/** Starts a node; rejects if it exits before READY. */
export async function startNode(cfg: NodeConfig): Promise<NodeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'tests/integration/payment/paymentNode.ts'), JSON.stringify(cfg)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PRISM_LOG_LEVEL: 'info' } },
  )
  let err = ''
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`payment node exited (${code}) before READY:\n${err}`)))
  })
  const kill = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig)
    await exited
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logs: () => err,
    stop: () => kill('SIGTERM'),
    kill9: () => kill('SIGKILL'),
  }
}
