import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashTicket, type SenderInfo, type WinningTicket } from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import type { RedemptionChain } from '../payment/paymentChain.ts'
import { RedemptionLoop } from './redemptionLoop.ts'
import { SettlementStore } from './store.ts'

const ORCH = '0x00000000000000000000000000000000000000aa' as Address
const SENDER = '0x00000000000000000000000000000000000000bb' as Address

/** Winning ticket `n`, with its hash (the queue's key) for assertions. */
function ticket(n: number, over: Partial<WinningTicket> = {}): WinningTicket & { ticketHash: Hex } {
  const t: WinningTicket = {
    recipient: ORCH,
    sender: SENDER,
    faceValue: 10n ** 15n,
    winProb: 2n ** 255n,
    senderNonce: BigInt(n),
    recipientRand: 7n,
    recipientRandHash: `0x${'11'.repeat(32)}` as Hex,
    sig: `0x${'22'.repeat(65)}` as Hex,
    creationRound: 5n,
    creationRoundBlockHash: `0x${'33'.repeat(32)}` as Hex,
    ...over,
  }
  return { ...t, ticketHash: hashTicket(t) }
}

/** Queues a ticket whose params expire at block 100. */
function insert(t: WinningTicket, now: number): boolean {
  return store.insertWinningTicket(t, { paramsExpirationBlock: 100n, now })
}

/** An in-memory TicketBroker: enough state to exercise the loop's decisions. */
class FakeChain implements RedemptionChain {
  used = new Set<Hex>()
  down = false
  active = true
  gasPrice = 1_000_000_000n
  round = 5n
  sender: SenderInfo = {
    deposit: 10n ** 18n,
    withdrawRound: 0n,
    reserve: { fundsRemaining: 0n, claimedInCurrentRound: 0n },
  }
  revert: string | null = null
  single: Hex[] = []
  batches: Hex[][] = []
  #check() {
    if (this.down) throw new Error('fetch failed: ECONNREFUSED')
  }
  async getBlockNumber() {
    this.#check()
    return 100n
  }
  async getLastInitializedRound() {
    this.#check()
    return this.round
  }
  async isActiveTranscoder() {
    this.#check()
    return this.active
  }
  async isUsedTicket(h: Hex) {
    this.#check()
    return this.used.has(h)
  }
  async getGasPrice() {
    this.#check()
    return this.gasPrice
  }
  async getSenderInfo() {
    this.#check()
    return this.sender
  }
  async claimableReserve() {
    this.#check()
    return 0n
  }
  async redeemWinningTicket(t: WinningTicket) {
    this.#check()
    if (this.revert) throw new Error(`execution reverted: ${this.revert}`)
    const hash = hashTicket(t)
    if (this.used.has(hash)) throw new Error('execution reverted: ticket is used')
    this.used.add(hash)
    this.single.push(hash)
    return { txHash: `0x${'ee'.repeat(32)}` as Hex }
  }
  async batchRedeemWinningTickets(ts: WinningTicket[]) {
    this.#check()
    this.batches.push(ts.map((t) => hashTicket(t)))
    for (const t of ts) if (!this.revert) this.used.add(hashTicket(t))
    return { txHash: `0x${'ff'.repeat(32)}` as Hex }
  }
}

let dir: string
let store: SettlementStore
function setup() {
  dir = mkdtempSync(join(tmpdir(), 'prism-redeem-'))
  store = SettlementStore.open({ dataDir: dir })
  const chain = new FakeChain()
  const loop = new RedemptionLoop({ store, chain, recipient: ORCH, redeemGas: 350_000n })
  return { chain, loop }
}
afterEach(() => {
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('RedemptionLoop', () => {
  it('waits for params expiry, then redeems and marks the ticket redeemed', async () => {
    const { chain, loop } = setup()
    insert(ticket(1), 1)
    await loop.handleBlock(99n)
    expect(chain.single).toEqual([])
    expect(store.pendingCount()).toBe(1)
    await loop.handleBlock(100n)
    expect(chain.single).toEqual([ticket(1).ticketHash])
    expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('redeemed')
  })

  it('batches several due tickets in one transaction', async () => {
    const { chain, loop } = setup()
    for (const n of [1, 2, 3]) insert(ticket(n), n)
    await loop.handleBlock(120n)
    expect(chain.batches).toEqual([[1, 2, 3].map((n) => ticket(n).ticketHash)])
    expect(store.pendingCount()).toBe(0)
  })

  it('keeps tickets queued while the RPC is down and redeems them when it returns', async () => {
    const { chain, loop } = setup()
    const errors: unknown[] = []
    loop.on('passerror', (e) => errors.push(e))
    insert(ticket(1), 1)
    chain.down = true
    await loop.handleBlock(101n)
    expect(errors).toHaveLength(1)
    expect(store.pendingCount()).toBe(1)
    chain.down = false
    await loop.handleBlock(102n)
    expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('redeemed')
  })

  it('settles an already used ticket as redeemed without sending a transaction', async () => {
    const { chain, loop } = setup()
    insert(ticket(1), 1)
    chain.used.add(ticket(1).ticketHash)
    await loop.handleBlock(100n)
    expect(chain.single).toEqual([])
    expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('redeemed')
  })

  it('skips a ticket whose face value cannot pay for the gas, and keeps it queued', async () => {
    const { chain, loop } = setup()
    const skipped: string[] = []
    loop.on('skipped', (_t, r) => skipped.push(r))
    insert(ticket(1, { faceValue: 350_000n * 1_000_000_000n }), 1)
    await loop.handleBlock(100n)
    expect(skipped).toEqual(['insufficient ticket face value for redeem tx cost'])
    expect(chain.single).toEqual([])
    expect(store.pendingCount()).toBe(1)
  })

  it('skips when the sender cannot cover the gas', async () => {
    const { chain, loop } = setup()
    chain.sender = { ...chain.sender, deposit: 1000n }
    const skipped: string[] = []
    loop.on('skipped', (_t, r) => skipped.push(r))
    insert(ticket(1), 1)
    await loop.handleBlock(100n)
    expect(skipped).toEqual(['insufficient sender funds for redeem tx cost'])
    expect(store.pendingCount()).toBe(1)
  })

  it('settles a final revert as failed and retries a retryable one', async () => {
    const { chain, loop } = setup()
    insert(ticket(1), 1)
    chain.revert = 'system is paused'
    await loop.handleBlock(100n)
    expect(store.getTicket(ticket(1).ticketHash)).toMatchObject({ status: 'pending', attempts: 1 })
    chain.revert = 'ticket did not win'
    await loop.handleBlock(101n)
    expect(store.getTicket(ticket(1).ticketHash)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('ticket did not win'),
    })
  })

  it('falls back to single redemption for tickets a batch did not pay', async () => {
    const { chain, loop } = setup()
    for (const n of [1, 2]) insert(ticket(n), n)
    chain.revert = 'ticket is expired'
    await loop.handleBlock(100n)
    expect(store.pendingCount()).toBe(2)
    await loop.handleBlock(101n)
    expect(store.pendingTickets()).toEqual([])
    expect(store.allTickets().map((t) => t.status)).toEqual(['failed', 'failed'])
  })

  it('does not redeem while the orchestrator is inactive', async () => {
    const { chain, loop } = setup()
    chain.active = false
    insert(ticket(1), 1)
    await loop.handleBlock(100n)
    expect(chain.single).toEqual([])
    expect(store.pendingCount()).toBe(1)
  })

  it('settles tickets whose creation round is too old to ever pay', async () => {
    const { chain, loop } = setup()
    chain.round = 9n
    insert(ticket(1), 1)
    await loop.handleBlock(100n)
    expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('failed')
  })

  describe('with round timing (rounds of 10 blocks from block 50, validity 2 rounds)', () => {
    // creation round 5 starts at block 50: redeemable through block 69, margin 5 blocks
    const timing = (currentRound: bigint) => ({
      currentRound,
      currentRoundStartBlock: 50n + (currentRound - 5n) * 10n,
      roundLength: 10n,
      ticketValidityPeriod: 2n,
    })

    it('redeems before params expiry when the ticket window is about to close', async () => {
      const { chain, loop } = setup()
      Object.assign(chain, { getRoundTiming: async () => timing(6n) })
      store.insertWinningTicket(ticket(1), { paramsExpirationBlock: 80n, now: 1 })
      await loop.handleBlock(63n)
      expect(chain.single).toEqual([])
      await loop.handleBlock(64n)
      expect(chain.single).toEqual([ticket(1).ticketHash])
      expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('redeemed')
    })

    it('settles a ticket whose window has closed as expired, without a transaction', async () => {
      const { chain, loop } = setup()
      Object.assign(chain, { getRoundTiming: async () => timing(7n) })
      const errors: string[] = []
      loop.on('redemptionerror', (_t, reason, cls) => errors.push(`${cls}: ${reason}`))
      insert(ticket(1), 1)
      await loop.handleBlock(100n)
      expect(chain.single).toEqual([])
      expect(errors).toEqual(['final: ticket is expired'])
      expect(store.getTicket(ticket(1).ticketHash)?.status).toBe('failed')
    })
  })

  it('resumes the queue from the database after a restart, and never queues a ticket twice', async () => {
    const { chain } = setup()
    expect(insert(ticket(1), 1)).toBe(true)
    expect(insert(ticket(1), 2)).toBe(false)
    store.close()
    store = SettlementStore.open({ dataDir: dir })
    const loop = new RedemptionLoop({ store, chain, recipient: ORCH, redeemGas: 350_000n })
    await loop.handleBlock(100n)
    expect(chain.single).toEqual([ticket(1).ticketHash])
    expect(store.pendingCount()).toBe(0)
  })
})
