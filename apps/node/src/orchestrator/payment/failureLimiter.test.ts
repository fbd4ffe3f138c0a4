import { describe, expect, it } from 'vitest'
import { FailureLimiter } from './failureLimiter.ts'

describe('FailureLimiter', () => {
  it('limits a key after `burst` failures and lets it through again as tokens come back', () => {
    let now = 0
    const l = new FailureLimiter({ burst: 3, perSecond: 2, clock: { now: () => now } })
    for (let i = 0; i < 3; i++) {
      expect(l.limited(['addr:a'])).toBeUndefined()
      l.fail(['addr:a'])
    }
    expect(l.limited(['addr:b', 'addr:a'])).toBe('addr:a')
    expect(l.limited(['addr:b'])).toBeUndefined()
    now += 499
    expect(l.limited(['addr:a'])).toBe('addr:a')
    now += 1
    expect(l.limited(['addr:a'])).toBeUndefined()
    // back to full: forgotten
    now += 10_000
    l.limited(['addr:a'])
    expect(l.size).toBe(0)
  })

  it('keeps at most maxKeys buckets, dropping the least recently failed', () => {
    const l = new FailureLimiter({ burst: 1, perSecond: 0, maxKeys: 3, clock: { now: () => 0 } })
    for (const k of ['a', 'b', 'c', 'd']) l.fail([k])
    expect(l.size).toBe(3)
    expect(l.limited(['a'])).toBeUndefined()
    expect(l.limited(['d'])).toBe('d')
  })
})
