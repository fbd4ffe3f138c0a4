/**
 * Where the mediasoup worker binary is, by the rule `scripts/bootstrap.sh` follows at install time:
 * `MEDIASOUP_WORKER_BIN` when set; else a worker built for this machine in
 * `shared/mediasoup/<version>/<platform>-<arch>/mediasoup-worker` in a folder above the repo
 * (its parent, grandparent, ...), or above the repo's `origin` when that is a local path (a
 * clone made for CI); else mediasoup's own binary (downloaded by its install on a machine with
 * internet).
 */
import { execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { workerBin as mediasoupDefaultBin, version } from 'mediasoup'

/** The repo root (this file is apps/node/src/webrtc/mediasoup/workerBin.ts). */
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..')

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function originPath(repoRoot: string): string | undefined {
  try {
    const url = execFileSync('git', ['remote', 'get-url', 'origin'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    const path = url.startsWith('file://') ? url.slice('file://'.length) : url
    return isAbsolute(path) ? path : undefined
  } catch {
    return undefined
  }
}

/**
 * The worker binary to run, and where the answer came from.
 *
 * @example
 * const { path } = resolveWorkerBin() // hand it to createWorker({ workerBin: path })
 */
export function resolveWorkerBin(
  env: NodeJS.ProcessEnv = process.env,
  repoRoot: string = REPO_ROOT,
): { path: string; source: 'env' | 'shared' | 'mediasoup' } {
  const given = env.MEDIASOUP_WORKER_BIN
  if (given) return { path: given, source: 'env' }
  const rel = join('shared', 'mediasoup', version, `${process.platform}-${process.arch}`, 'mediasoup-worker')
  const origin = originPath(repoRoot)
  for (const start of [repoRoot, ...(origin ? [origin] : [])]) {
    for (let dir = dirname(start); ; dir = dirname(dir)) {
      const candidate = join(dir, rel)
      if (executable(candidate)) return { path: candidate, source: 'shared' }
      if (dirname(dir) === dir) break
    }
  }
  return { path: mediasoupDefaultBin, source: 'mediasoup' }
}
