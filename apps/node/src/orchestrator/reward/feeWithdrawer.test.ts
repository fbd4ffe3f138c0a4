import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { FeeChain } from '../payment/paymentChain.ts'
import { FeeWithdrawer } from './feeWithdrawer.ts'

const ORCH = '0x00000000000000000000000000000000000000aa' as Address
const COLD = '0x00000000000000000000000000000000000000cc' as Address

/** Fees in a BondingManager fee pool: pending until withdrawn. */
class FakeFees implements FeeChain {
  round = 5n
  pending = 0n
  reads = 0
  sent: [Address, bigint][] = []
  fail = false
  async getLastInitializedRound() {
    return this.round
  }
  async getPendingFees() {
    this.reads++
    return this.pending
  }
  async withdrawFees(recipient: Address, amount: bigint) {
    if (this.fail) throw new Error('execution reverted: insufficient fees to withdraw')
    this.sent.push([recipient, amount])
    this.pending -= amount
    return { txHash: `0x${'ab'.repeat(32)}` as Hex }
  }
}

describe('FeeWithdrawer', () => {
  it('withdraws all pending fees once they reach the threshold, to the recipient', async () => {
    const chain = new FakeFees()
    const fees = new FeeWithdrawer({ chain, address: ORCH, threshold: 100n, recipient: COLD })
    const done: bigint[] = []
    fees.on('withdrawn', (amount) => done.push(amount))
    chain.pending = 60n
    await fees.handleBlock()
    expect(chain.sent).toEqual([])
    chain.pending = 150n
    await fees.handleBlock()
    expect(chain.sent).toEqual([])
    chain.round = 6n
    await fees.handleBlock()
    expect(chain.sent).toEqual([[COLD, 150n]])
    expect(done).toEqual([150n])
  })

  it('reads once per initialized round', async () => {
    const chain = new FakeFees()
    const fees = new FeeWithdrawer({ chain, address: ORCH, threshold: 100n })
    await fees.handleBlock()
    await fees.handleBlock()
    expect(chain.reads).toBe(1)
    chain.round = 6n
    await fees.handleBlock()
    expect(chain.reads).toBe(2)
  })

  it('reports a failure and retries at the next block; a zero threshold never withdraws', async () => {
    const chain = new FakeFees()
    chain.pending = 500n
    chain.fail = true
    const fees = new FeeWithdrawer({ chain, address: ORCH, threshold: 100n })
    const errors: unknown[] = []
    fees.on('withdrawerror', (e) => errors.push(e))
    await fees.handleBlock()
    expect(errors).toHaveLength(1)
    chain.fail = false
    await fees.handleBlock()
    expect(chain.sent).toEqual([[ORCH, 500n]])
    const off = new FeeWithdrawer({ chain, address: ORCH, threshold: 0n })
    chain.pending = 10n ** 18n
    await off.handleBlock()
    expect(off.enabled).toBe(false)
    expect(chain.sent).toHaveLength(1)
  })
})
