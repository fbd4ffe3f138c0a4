import { describe, expect, it } from 'vitest'
import {
  lastRedeemableBlock,
  paramsExpirationBlock,
  type RoundTiming,
  redeemMarginBlocks,
  windowClosed,
  windowClosing,
} from './ticketWindow.ts'

/** Rounds of 10 blocks, round 7 started at block 70; tickets valid 2 rounds (Livepeer's). */
const timing: RoundTiming = {
  currentRound: 7n,
  currentRoundStartBlock: 70n,
  roundLength: 10n,
  ticketValidityPeriod: 2n,
}

describe('ticket redemption window', () => {
  it('ends at the block before round creationRound + ticketValidityPeriod starts', () => {
    expect(lastRedeemableBlock(timing, 7n)).toBe(89n)
    expect(lastRedeemableBlock(timing, 6n)).toBe(79n)
    // the same answer after the current round moved on
    expect(lastRedeemableBlock({ ...timing, currentRound: 8n, currentRoundStartBlock: 80n }, 7n)).toBe(89n)
  })

  it('keeps a tenth of a round (at least 5 blocks) for the redemption transaction', () => {
    expect(redeemMarginBlocks(10n)).toBe(5n)
    expect(redeemMarginBlocks(80n)).toBe(8n)
    expect(redeemMarginBlocks(5760n)).toBe(576n)
  })

  it('bounds params expiry by the window on short rounds, and keeps the lifetime on long ones', () => {
    // 40 blocks would outlive the window (89): expire at 89 − 5
    expect(paramsExpirationBlock({ block: 71n, lifetime: 40n, creationRound: 7n, timing })).toBe(84n)
    const long = { ...timing, roundLength: 5760n, currentRoundStartBlock: 5760n * 7n }
    expect(
      paramsExpirationBlock({ block: 5760n * 7n + 5n, lifetime: 40n, creationRound: 7n, timing: long }),
    ).toBe(5760n * 7n + 45n)
    expect(paramsExpirationBlock({ block: 71n, lifetime: 40n, creationRound: 7n })).toBe(111n)
  })

  it('never issues params that expire within a block (a gateway would refuse them)', () => {
    // round 8 started at block 80 but is not initialized: round-6 tickets end at block 79
    const late = { ...timing, currentRound: 8n, currentRoundStartBlock: 80n }
    expect(paramsExpirationBlock({ block: 81n, lifetime: 40n, creationRound: 6n, timing: late })).toBe(83n)
  })

  it('says when a ticket must be redeemed now, and when it can no longer be', () => {
    expect(windowClosing(timing, 7n, 83n)).toBe(false)
    expect(windowClosing(timing, 7n, 84n)).toBe(true)
    expect(windowClosed(timing, 6n)).toBe(false)
    expect(windowClosed(timing, 5n)).toBe(true)
  })
})
