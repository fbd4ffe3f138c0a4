/**
 * Runs `prism orchestrator` as a child process on a free port (so a test can SIGKILL it like a
 * crashed node), waiting until /healthz answers.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { killAndWait } from './webApp.ts'
import type { WebNodeConfig } from './webNode.ts'

/**
 * The ticket terms `prism dev` gives its orchestrator by default (-ticketEV, -maxFaceValue): a
 * 0.001 ETH face value won 99.9% of the time, so a stream sees a winner redeemed at once.
 */
export const DEV_TICKETS = { ticketEV: '999000000000000', maxFaceValue: '1000000000000000' }

const root = join(import.meta.dirname, '..', '..', '..')

/** A running orchestrator process. */
export type OrchestratorProcess = {
  url: string
  port: number
  child: ChildProcess
  log: () => string
  /** SIGKILL, like a crash; waits for the exit. */
  kill(): Promise<void>
  /** SIGTERM and wait. */
  close(): Promise<void>
}

/**
 * Starts an orchestrator process.
 * @param flags extra `prism orchestrator` flags (e.g. `['-pricePerUnit', '1']`).
 * @param port port to bind (default: a free one).
 */
export async function startOrchestratorProcess(
  flags: string[] = [],
  port?: number,
): Promise<OrchestratorProcess> {
  const p = port ?? (await freePort())
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-orch-'))
  const child = spawn(
    process.execPath,
    [
      join(root, 'apps/node/bin/prism.js'),
      'orchestrator',
      '-httpAddr',
      `http://127.0.0.1:${p}`,
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
  const url = `http://127.0.0.1:${p}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`orchestrator exited: ${log}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {}
    if (Date.now() > deadline) {
      await killAndWait(child, 'SIGKILL')
      throw new Error(`orchestrator did not start: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    port: p,
    child,
    log: () => log,
    kill: () => killAndWait(child, 'SIGKILL'),
    close: () => killAndWait(child, 'SIGTERM'),
  }
}

/**
 * Starts the full test orchestrator of webNode.ts (AI + payments on the dev chain) as a process.
 * @param cfg its configuration (port, deployment, eth key, data dir, price).
 */
export async function startWebNode(cfg: Omit<WebNodeConfig, 'dataDir'>): Promise<OrchestratorProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-webnode-'))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'tests/e2e/web/webNode.ts'), JSON.stringify({ ...cfg, dataDir })],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  )
  let log = ''
  child.stderr?.on('data', (d) => {
    log += d
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      log += d.toString()
      const m = /READY (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`web node exited (${code}) before READY:\n${log}`)))
  })
  return {
    url,
    port: cfg.port,
    child,
    log: () => log,
    kill: () => killAndWait(child, 'SIGKILL'),
    close: () => killAndWait(child, 'SIGTERM'),
  }
}
