import type { SenderInfo } from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { ChainState } from './chainState.ts'
import type { PaymentChain } from './paymentChain.ts'

const SENDER = `0x${'aa'.repeat(20)}` as Address
const RECIPIENT = `0x${'bb'.repeat(20)}` as Address
const info = (deposit: bigint): SenderInfo => ({
  deposit,
  withdrawRound: 0n,
  reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
})

/** A chain whose sender reads can be made to hang (an RPC that accepts and never answers). */
function hangingChain() {
  const state = { hang: false, reads: 0, deposit: 1n, pending: [] as Array<() => void> }
  const answer = <T>(value: () => T): Promise<T> => {
    state.reads++
    if (!state.hang) return Promise.resolve(value())
    return new Promise<T>((resolve) => state.pending.push(() => resolve(value())))
  }
  const chain: PaymentChain = {
    getBlockNumber: async () => 100n,
    getLastInitializedRound: async () => 7n,
    isActiveTranscoder: async () => true,
    isUsedTicket: async () => false,
    getGasPrice: async () => 1n,
    getSenderInfo: () => answer(() => info(state.deposit)),
    claimableReserve: () => answer(() => state.deposit * 10n),
    blockHashForRound: async () => `0x${'ab'.repeat(32)}` as Hex,
    redeemWinningTicket: async () => ({ txHash: '0x' as Hex }),
    batchRedeemWinningTickets: async () => ({ txHash: '0x' as Hex }),
  }
  return { chain, state }
}

describe('ChainState sender reads', () => {
  it('answers an unanswered read from the last known value, then takes the late answer', async () => {
    const { chain, state } = hangingChain()
    const cs = new ChainState({ chain, recipient: RECIPIENT, readTimeoutMs: 20 })
    await cs.handleBlock(100n)
    expect((await cs.senderInfo(SENDER)).deposit).toBe(1n)
    expect(await cs.claimableReserve(SENDER)).toBe(10n)
    await cs.handleBlock(101n)
    state.hang = true
    state.deposit = 2n
    expect((await cs.senderInfo(SENDER)).deposit).toBe(1n)
    expect(await cs.claimableReserve(SENDER)).toBe(10n)
    // the pending read is shared, not repeated
    expect((await cs.senderInfo(SENDER)).deposit).toBe(1n)
    expect(state.reads).toBe(4)
    for (const resolve of state.pending.splice(0)) resolve()
    await new Promise((r) => setImmediate(r))
    expect((await cs.senderInfo(SENDER)).deposit).toBe(2n)
    expect(await cs.claimableReserve(SENDER)).toBe(20n)
  })

  it('fails a sender never read with CHAIN_RPC_UNAVAILABLE, without a second read', async () => {
    const { chain, state } = hangingChain()
    const cs = new ChainState({ chain, recipient: RECIPIENT, readTimeoutMs: 20 })
    await cs.handleBlock(100n)
    state.hang = true
    await expect(cs.senderInfo(SENDER)).rejects.toMatchObject({
      code: 'CHAIN_RPC_UNAVAILABLE',
      httpStatus: 503,
    })
    await expect(cs.senderInfo(SENDER)).rejects.toMatchObject({ code: 'CHAIN_RPC_UNAVAILABLE' })
    expect(state.reads).toBe(1)
  })

  it('tries a failed read again on the next call', async () => {
    const { chain } = hangingChain()
    let fail = true
    const cs = new ChainState({
      chain: { ...chain, getSenderInfo: async () => (fail ? Promise.reject(new Error('boom')) : info(5n)) },
      recipient: RECIPIENT,
    })
    await cs.handleBlock(100n)
    await expect(cs.senderInfo(SENDER)).rejects.toThrow('boom')
    fail = false
    await new Promise((r) => setImmediate(r))
    expect((await cs.senderInfo(SENDER)).deposit).toBe(5n)
  })
})

describe('ChainState snapshots', () => {
  it('keeps the newer snapshot when an older block’s refresh finishes last', async () => {
    const { chain } = hangingChain()
    const held: Array<() => void> = []
    let holdNext = true
    const cs = new ChainState({
      chain: {
        ...chain,
        getGasPrice: () => {
          if (!holdNext) return Promise.resolve(2n)
          holdNext = false
          return new Promise<bigint>((resolve) => held.push(() => resolve(1n)))
        },
      },
      recipient: RECIPIENT,
    })
    const older = cs.handleBlock(100n)
    await cs.handleBlock(140n)
    expect(cs.snapshot.block).toBe(140n)
    for (const resolve of held.splice(0)) resolve()
    await older
    expect(cs.snapshot).toMatchObject({ block: 140n, gasPrice: 2n })
  })
})
