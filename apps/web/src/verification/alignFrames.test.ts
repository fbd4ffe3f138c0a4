import { describe, expect, it } from 'vitest'
import { alignFrames, countWithin, median } from './alignFrames.ts'

const f = (ts: number, tag = '') => ({ ts, tag })

describe('alignFrames', () => {
  it('pairs each returned frame with the sent frame of the same RTP timestamp, never a neighbour', () => {
    const sent = [f(1000, 'a'), f(4000, 'b'), f(7000, 'c'), f(10_000, 'd')]
    // the node dropped 4000, returned 7000 then 10000, and one frame with a timestamp it made up
    const returned = [f(7000, 'x'), f(7001, 'y'), f(10_000, 'z')]
    const { pairs, unmatched } = alignFrames(sent, returned)
    expect(pairs.map((p) => [p.sent.tag, p.returned.tag])).toEqual([
      ['c', 'x'],
      ['d', 'z'],
    ])
    expect(unmatched).toBe(1)
  })
  it('keeps at most `max` pairs, spread over the window', () => {
    const sent = Array.from({ length: 20 }, (_, i) => f(i * 3000))
    const { pairs } = alignFrames(sent, sent, 4)
    expect(pairs.map((p) => p.sent.ts)).toEqual([0, 15_000, 30_000, 45_000])
  })
  it('returns nothing when no timestamp matches (e.g. a node that does not carry them)', () => {
    expect(alignFrames([f(1), f(2)], [f(3), f(4), f(5)])).toEqual({ pairs: [], unmatched: 3 })
  })
})

describe('median', () => {
  it('takes the middle value (mean of the two middle ones for an even count)', () => {
    expect(median([0.9, 0.1, 0.5])).toBe(0.5)
    expect(median([1, 2, 3, 4])).toBe(2.5)
    expect(median([])).toBeNaN()
  })
})

describe('countWithin', () => {
  it('counts the timestamps inside the span of the sent frames, across the 32-bit wrap', () => {
    expect(countWithin([100, 150, 200, 201, 99], [f(100), f(200)])).toBe(3)
    const sent = [f(0xffff_fff0), f(0x10)]
    expect(countWithin([0xffff_fff5, 0x5, 0x11, 0xffff_ff00], sent)).toBe(2)
    expect(countWithin([1, 2], [])).toBe(0)
  })
})
