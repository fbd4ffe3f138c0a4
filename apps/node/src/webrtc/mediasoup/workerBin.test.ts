import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version, workerBin } from 'mediasoup'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveWorkerBin } from './workerBin.ts'

const root = mkdtempSync(join(tmpdir(), 'prism-workerbin-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Makes `<dir>/shared/mediasoup/<version>/<platform>-<arch>/mediasoup-worker` (executable). */
function plantWorker(dir: string): string {
  const folder = join(dir, 'shared', 'mediasoup', version, `${process.platform}-${process.arch}`)
  mkdirSync(folder, { recursive: true })
  const bin = join(folder, 'mediasoup-worker')
  writeFileSync(bin, '#!/bin/sh\n')
  chmodSync(bin, 0o755)
  return bin
}

describe('resolveWorkerBin', () => {
  it('takes MEDIASOUP_WORKER_BIN first', () => {
    expect(resolveWorkerBin({ MEDIASOUP_WORKER_BIN: '/opt/w' }, root)).toEqual({
      path: '/opt/w',
      source: 'env',
    })
  })

  it('finds a worker in a shared/ folder beside the repo', () => {
    const top = join(root, 'a')
    const bin = plantWorker(top)
    mkdirSync(join(top, 'repo'), { recursive: true })
    expect(resolveWorkerBin({}, join(top, 'repo'))).toEqual({ path: bin, source: 'shared' })
  })

  it("finds it beside a clone's local origin, else falls back to mediasoup's own binary", () => {
    const top = join(root, 'b')
    const bin = plantWorker(top)
    const origin = join(top, 'main')
    mkdirSync(origin, { recursive: true })
    const clone = join(root, 'elsewhere', 'clone')
    mkdirSync(clone, { recursive: true })
    execFileSync('git', ['init', '-q', clone])
    expect(resolveWorkerBin({}, clone)).toEqual({ path: workerBin, source: 'mediasoup' })
    execFileSync('git', ['-C', clone, 'remote', 'add', 'origin', origin])
    expect(resolveWorkerBin({}, clone)).toEqual({ path: bin, source: 'shared' })
  })
})
