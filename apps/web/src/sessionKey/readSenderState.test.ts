import { describe, expect, it } from 'vitest'
import { unlockStatus } from './readSenderState.ts'

describe('unlockStatus', () => {
  it('is locked without a withdraw round', () => {
    expect(unlockStatus({ withdrawRound: 0n, currentRound: 9n })).toBe('locked')
  })
  it('is unlocking before the withdraw round and unlocked from it', () => {
    expect(unlockStatus({ withdrawRound: 10n, currentRound: 9n })).toBe('unlocking')
    expect(unlockStatus({ withdrawRound: 10n, currentRound: 10n })).toBe('unlocked')
  })
})
