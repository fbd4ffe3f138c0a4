import { describe, expect, it } from 'vitest'
import { classifyRedemptionError } from './classifyRedemptionError.ts'

describe('classifyRedemptionError', () => {
  it('treats a used ticket as settled', () => {
    expect(classifyRedemptionError(new Error('redeemWinningTicket reverted: ticket is used'))).toBe('used')
  })

  it('marks reverts that cannot change as final (docs/protocol.md §2.5)', () => {
    for (const reason of [
      'ticket is expired',
      'ticket did not win',
      'ticket creationRound does not have a block hash',
      'transaction failed',
      'recipientRand does not match recipientRandHash',
    ])
      expect(classifyRedemptionError(new Error(`redeemWinningTicket reverted: ${reason}`)), reason).toBe(
        'final',
      )
  })

  it('retries RPC failures and transient reverts, also when the reason sits in the cause chain', () => {
    expect(
      classifyRedemptionError(new Error('chain RPC unavailable', { cause: new Error('fetch failed') })),
    ).toBe('retryable')
    expect(classifyRedemptionError(new Error('reverted: current round is not initialized'))).toBe('retryable')
    expect(classifyRedemptionError(new Error('reverted: system is paused'))).toBe('retryable')
    expect(classifyRedemptionError(new Error('wrapped', { cause: new Error('ticket is used') }))).toBe('used')
  })
})
