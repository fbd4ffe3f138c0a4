/**
 * `prism dev` as `npm start` runs it (anvil with the contracts, the paid local orchestrator with its
 * dev defaults, the web app), on free ports and a fresh data folder, for the browser tests and the
 * screenshot script. close() stops it with SIGTERM and waits.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Deployment, decodeDeployment } from '@prism/protocol'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { killAndWait } from './webApp.ts'

const root = join(import.meta.dirname, '..', '..', '..')

/** A running `prism dev`. */
export type PrismDev = {
  /** The web app (Vite dev server). */
  webUrl: string
  orchestratorUrl: string
  rpcUrl: string
  deployment: Deployment
  child: ChildProcess
  log: () => string
  close(): Promise<void>
}

/**
 * Starts `prism dev` and waits until it says it is running.
 * @param flags extra `prism dev` flags.
 */
export async function startPrismDev(flags: string[] = []): Promise<PrismDev> {
  const [rpcPort, orchPort, webPort] = [await freePort(), await freePort(), await freePort()]
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-dev-'))
  const child = spawn(
    process.execPath,
    [
      join(root, 'apps/node/bin/prism.js'),
      'dev',
      '-rpcPort',
      String(rpcPort),
      '-serviceUri',
      `http://127.0.0.1:${orchPort}`,
      '-webPort',
      String(webPort),
      '-dataDir',
      dataDir,
      ...flags,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  )
  let log = ''
  child.stdout?.on('data', (d) => {
    log += d
  })
  child.stderr?.on('data', (d) => {
    log += d
  })
  const deadline = Date.now() + 180_000
  while (!log.includes('press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`prism dev exited early:\n${log}`)
    if (Date.now() > deadline) {
      await killAndWait(child)
      throw new Error(`prism dev did not start:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const deployment = decodeDeployment(JSON.parse(readFileSync(join(dataDir, 'deployment.json'), 'utf8')))
  return {
    webUrl: `http://127.0.0.1:${webPort}`,
    orchestratorUrl: `http://127.0.0.1:${orchPort}`,
    rpcUrl: `http://127.0.0.1:${rpcPort}`,
    deployment,
    child,
    log: () => log,
    close: () => stop(child),
  }
}

/** SIGTERM, then up to 30 s for prism dev to stop its children (anvil runs in its own group). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  await exited
  clearTimeout(timer)
}
