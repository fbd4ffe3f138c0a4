import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address, Hex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import type { RewardChain } from '../payment/paymentChain.ts'
import { SettlementStore } from '../settlement/store.ts'
import { RewardService } from './rewardService.ts'

const ME = '0x00000000000000000000000000000000000000aa' as Address

/** In-memory BondingManager: reward() reverts a second call in a round, as the contract does. */
class MemoryBonding implements RewardChain {
  round = 3n
  active = true
  lastRewardRound = 0n
  calls = 0
  down = false
  async getLastInitializedRound() {
    if (this.down) throw new Error('fetch failed')
    return this.round
  }
  async isActiveTranscoder() {
    return this.active
  }
  async getLastRewardRound() {
    return this.lastRewardRound
  }
  async reward() {
    if (this.down) throw new Error('fetch failed')
    this.calls++
    if (this.lastRewardRound >= this.round)
      throw new Error('caller has already called reward for the current round')
    this.lastRewardRound = this.round
    return { txHash: `0x${'ab'.repeat(32)}` as Hex, amount: 5n }
  }
}

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('RewardService', () => {
  it('calls reward() once per round, also across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prism-reward-'))
    const chain = new MemoryBonding()
    let store = SettlementStore.open({ dataDir: dir })
    let svc = new RewardService({ chain, store, address: ME })
    const rounds: bigint[] = []
    svc.on('reward', (r) => rounds.push(r))
    await Promise.all([svc.handleBlock(), svc.handleBlock()])
    await svc.handleBlock()
    expect(chain.calls).toBe(1)
    store.close()
    store = SettlementStore.open({ dataDir: dir })
    expect(store.getLastRewardRound()).toBe(3n)
    svc = new RewardService({ chain, store, address: ME })
    await svc.handleBlock()
    expect(chain.calls).toBe(1)
    chain.round = 4n
    await svc.handleBlock()
    expect(chain.calls).toBe(2)
    expect(rounds).toEqual([3n])
    store.close()
  })

  it('does not call when the chain already records a reward this round (crash after the tx)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prism-reward-'))
    const chain = new MemoryBonding()
    chain.lastRewardRound = 3n
    const store = SettlementStore.open({ dataDir: dir })
    await new RewardService({ chain, store, address: ME }).handleBlock()
    expect(chain.calls).toBe(0)
    expect(store.getLastRewardRound()).toBe(3n)
    store.close()
  })

  it('skips while inactive or disabled, and retries after an RPC failure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prism-reward-'))
    const chain = new MemoryBonding()
    const store = SettlementStore.open({ dataDir: dir })
    await new RewardService({ chain, store, address: ME, enabled: false }).handleBlock()
    chain.active = false
    const svc = new RewardService({ chain, store, address: ME })
    await svc.handleBlock()
    expect(chain.calls).toBe(0)
    chain.active = true
    chain.down = true
    const errors: unknown[] = []
    svc.on('rewarderror', (_r, e) => errors.push(e))
    await svc.handleBlock()
    expect(errors).toHaveLength(1)
    chain.down = false
    await svc.handleBlock()
    expect(chain.calls).toBe(1)
    store.close()
  })
})
