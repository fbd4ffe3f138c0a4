import { ChainRevertError } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { formatPpm, formatToken } from './format.ts'
import { runStakeStep, type StakeStep } from './stakeSteps.ts'

describe('Stake view formatting and steps', () => {
  it('shows LPT and ETH with up to 6 decimals, and cuts as percentages', () => {
    expect(formatToken(10n ** 18n * 1000n)).toBe('1000')
    expect(formatToken(1_234_567_890_123_456_789n)).toBe('1.234567')
    expect(formatToken(0n)).toBe('0')
    expect(formatPpm(100_000n)).toBe('10%')
    expect(formatPpm(125_000n)).toBe('12.5%')
  })

  it('reports a step as pending, then confirmed with its transaction or failed with the revert reason', async () => {
    const seen: StakeStep[] = []
    expect(
      await runStakeStep(
        'Claim earnings',
        async () => ({ txHash: '0xabc' }),
        (s) => seen.push(s),
      ),
    ).toBe(true)
    expect(
      await runStakeStep(
        'Withdraw stake of lock 0',
        async () => {
          throw new ChainRevertError({
            reason: 'withdraw round must be before or equal to the current round',
            functionName: 'withdrawStake',
          })
        },
        (s) => seen.push(s),
      ),
    ).toBe(false)
    expect(seen).toEqual([
      { label: 'Claim earnings', status: 'pending' },
      { label: 'Claim earnings', status: 'confirmed', detail: '0xabc' },
      { label: 'Withdraw stake of lock 0', status: 'pending' },
      {
        label: 'Withdraw stake of lock 0',
        status: 'failed',
        detail: 'withdraw round must be before or equal to the current round',
      },
    ])
  })
})
