/**
 * Secrets at rest and in view: the settlement store (recipientRand secrets of winning tickets) and
 * its WAL files are readable by their owner only, the data folder the store creates is 0700, a
 * store left 0644 by an older release is tightened on open, `prism orchestrator` creates its
 * `-dataDir` 0700, and `-ethKey` on the command line prints a warning (it shows in the process
 * list) while `-ethKeyFile` does not.
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettlementStore } from '../../../apps/node/src/orchestrator/settlement/store.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const bin = join(root, 'apps/node/bin/prism.js')
const mode = (path: string) => statSync(path).mode & 0o777
const KEY = `0x${'11'.repeat(32)}`

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('settlement store files', () => {
  it('creates the data folder 0700 and settlement.sqlite, -wal and -shm 0600', async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-modes-'))
    const dataDir = join(dir, 'data', 'orchestrator')
    const store = SettlementStore.open({ dataDir })
    try {
      store.setLastRewardRound(7n) // a committed write: the WAL and its index exist now
      const file = join(dataDir, 'settlement.sqlite')
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(f), f).toBe(true)
        expect(mode(f).toString(8), f).toBe('600')
      }
      expect(mode(dataDir).toString(8)).toBe('700')
      expect(mode(join(dir, 'data')).toString(8)).toBe('700')
    } finally {
      store.close()
    }
  })

  it('tightens a store an older release left 0644', async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-modes-'))
    const first = SettlementStore.open({ dataDir: dir })
    first.setLastRewardRound(1n)
    first.close()
    const file = join(dir, 'settlement.sqlite')
    chmodSync(file, 0o644)
    writeFileSync(`${file}-wal`, '')
    chmodSync(`${file}-wal`, 0o644)
    const store = SettlementStore.open({ dataDir: dir })
    try {
      expect(store.getLastRewardRound()).toBe(1n)
      expect(mode(file).toString(8)).toBe('600')
      expect(mode(`${file}-wal`).toString(8)).toBe('600')
    } finally {
      store.close()
    }
  })
})

/** Runs `prism orchestrator` with `args` until it exits (it fails fast: no chain to reach) and returns stderr. */
function orchestratorStderr(args: string[], dataDir = dir!): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'orchestrator', '-httpAddr', '127.0.0.1:0', '-nvidia', 'none', '-dataDir', dataDir, ...args],
      { timeout: 30_000, env: { ...process.env, PRISM_LOG_LEVEL: 'info' } },
      (_err, _stdout, stderr) => resolve(stderr),
    )
  })
}

describe('-ethKey on the command line', () => {
  it('warns that the key shows in the process list; -ethKeyFile does not', async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-modes-'))
    // -network dev without -deployment stops right after the flags are read (CHAIN_NETWORK_UNKNOWN).
    const onArgv = await orchestratorStderr(['-ethKey', KEY, '-network', 'dev'], join(dir, 'node'))
    expect(mode(join(dir, 'node')).toString(8)).toBe('700') // the data folder it created
    expect(onArgv).toMatch(/-ethKey.*process list/)
    expect(onArgv).toContain('-ethKeyFile')
    expect(onArgv).not.toContain(KEY)
    const keyFile = join(dir, 'orch.key')
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 })
    const fromFile = await orchestratorStderr(['-ethKeyFile', keyFile, '-network', 'dev'])
    expect(fromFile).not.toMatch(/process list/)
  })
})
