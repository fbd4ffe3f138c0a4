/**
 * The pid file of the dev chain's anvil (`<dataDir>/anvil.pid`): written when `prism dev` starts
 * anvil, removed when anvil exits. A later `prism dev` whose RPC port is taken reads it and, when
 * the port's holder is that same anvil (left behind by a run that was killed before it could stop
 * its children), stops it and takes the port back instead of failing with DEV_PORT_IN_USE.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the pid file records. */
export type AnvilPidRecord = { pid: number; port: number }

/** Path of the pid file in `dataDir`. */
export function anvilPidPath(dataDir: string): string {
  return join(dataDir, 'anvil.pid')
}

/** Writes the record (mode 0600). */
export function writeAnvilPid(path: string, record: AnvilPidRecord): void {
  writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 })
}

/** Removes the pid file if it still names `pid` (another run may have replaced it). */
export function removeAnvilPid(path: string, pid: number): void {
  if (readAnvilPid(path)?.pid === pid) rmSync(path, { force: true })
}

/** Reads the record; undefined when absent or unreadable. */
export function readAnvilPid(path: string): AnvilPidRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<AnvilPidRecord>
    return Number.isInteger(r.pid) && Number.isInteger(r.port) ? { pid: r.pid!, port: r.port! } : undefined
  } catch {
    return undefined
  }
}

function isAnvil(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    // Linux: the command line of the process; elsewhere trust the pid file.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return cmdline.includes('anvil')
  } catch {
    return process.platform !== 'linux'
  }
}

/**
 * Stops the anvil recorded in `path` when it still runs on `port`, and waits up to 3 s for it to
 * exit (SIGTERM, then SIGKILL). Returns the pid it stopped, or undefined when there was none.
 */
export async function reclaimStaleAnvil(path: string, port: number): Promise<number | undefined> {
  const record = readAnvilPid(path)
  if (!record || record.port !== port || record.pid === process.pid || !isAnvil(record.pid)) return undefined
  process.kill(record.pid, 'SIGTERM')
  for (let i = 0; i < 30 && isAnvil(record.pid); i++) await new Promise((r) => setTimeout(r, 100))
  if (isAnvil(record.pid)) process.kill(record.pid, 'SIGKILL')
  for (let i = 0; i < 20 && isAnvil(record.pid); i++) await new Promise((r) => setTimeout(r, 50))
  rmSync(path, { force: true })
  return record.pid
}
