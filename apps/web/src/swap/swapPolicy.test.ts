import { describe, expect, it } from 'vitest'
import { describeSwapReason, pickNextOrchestrator, SwapPolicy } from './swapPolicy.ts'

describe('SwapPolicy', () => {
  it('allows maxSwaps inside the window, then gives up', () => {
    const policy = new SwapPolicy({ maxSwaps: 2, windowMs: 1000 })
    expect(policy.handleFailure('no-output', 0).kind).toBe('swap')
    expect(policy.handleFailure('peer-failed', 100).kind).toBe('swap')
    const third = policy.handleFailure('node-error', 200)
    expect(third).toEqual({ kind: 'give-up', reason: 'node-error', swapsInWindow: 2 })
  })

  it('allows swaps again once old ones leave the window', () => {
    const policy = new SwapPolicy({ maxSwaps: 1, windowMs: 1000 })
    expect(policy.handleFailure('no-output', 0).kind).toBe('swap')
    expect(policy.handleFailure('no-output', 500).kind).toBe('give-up')
    expect(policy.handleFailure('no-output', 1000).kind).toBe('swap')
  })

  it('forgets past swaps on reset', () => {
    const policy = new SwapPolicy({ maxSwaps: 1 })
    policy.handleFailure('no-output', 0)
    policy.reset()
    expect(policy.handleFailure('no-output', 1).kind).toBe('swap')
  })
})

describe('pickNextOrchestrator', () => {
  const ranked = [
    { url: 'a', eligible: true },
    { url: 'b', eligible: false },
    { url: 'c', eligible: true },
  ]
  it('skips tried and ineligible candidates', () => {
    expect(pickNextOrchestrator(ranked, new Set(['a']))?.url).toBe('c')
  })
  it('returns undefined when none is left', () => {
    expect(pickNextOrchestrator(ranked, new Set(['a', 'c']))).toBeUndefined()
  })
})

describe('describeSwapReason', () => {
  it('has a sentence per reason', () => {
    for (const r of [
      'peer-failed',
      'no-output',
      'node-error',
      'verification-failed',
      'payment-refused',
    ] as const) {
      expect(describeSwapReason(r).length).toBeGreaterThan(10)
    }
  })
})

describe('SwapPolicy.canSwap', () => {
  it('says whether the next failure would swap, without counting one', () => {
    const p = new SwapPolicy({ maxSwaps: 1, windowMs: 1000 })
    expect(p.canSwap(0)).toBe(true)
    expect(p.canSwap(0)).toBe(true)
    p.handleFailure('verification-failed', 0)
    expect(p.canSwap(500)).toBe(false)
    expect(p.canSwap(1500)).toBe(true)
  })
})
