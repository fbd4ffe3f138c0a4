import { describe, expect, it } from 'vitest'
import { SuspensionList } from './SuspensionList.ts'

describe('SuspensionList', () => {
  it('suspends for penalty × baseMs and expires', () => {
    let now = 1000
    const s = new SuspensionList({ baseMs: 100, now: () => now })
    expect(s.suspend('a')).toBe(1100)
    expect(s.isSuspended('a')).toBe(true)
    expect(s.penalty('a')).toBe(1)
    now = 1100
    expect(s.isSuspended('a')).toBe(false)
    expect(s.penalty('a')).toBe(0)
  })

  it('accumulates penalties while suspended and orders by penalty', () => {
    let now = 0
    const s = new SuspensionList({ baseMs: 100, now: () => now })
    s.suspend('a')
    s.suspend('a')
    s.suspend('b')
    expect(s.penalty('a')).toBe(2)
    expect(s.byPenalty()).toEqual(['b', 'a'])
    expect(s.size).toBe(2)
    now = 150
    expect(s.expire()).toEqual(['b'])
    expect(s.byPenalty()).toEqual(['a'])
    s.unsuspend('a')
    expect(s.size).toBe(0)
  })

  it('starts over after expiry', () => {
    let now = 0
    const s = new SuspensionList({ baseMs: 10, now: () => now })
    s.suspend('a', 3)
    now = 30
    expect(s.suspend('a')).toBe(40)
    expect(s.penalty('a')).toBe(1)
  })
})
