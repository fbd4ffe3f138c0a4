import { describe, expect, it } from 'vitest'
import { profilesByName } from '../../../media/profiles.ts'
import { segmentBodyCap } from './segmentBodyCap.ts'

const MAX = 300 * 1024 * 1024

describe('segmentBodyCap', () => {
  it('grows with the duration and the top rendition of the ladder', () => {
    const p240 = profilesByName(['P240p30fps16x9'])
    const p720 = profilesByName(['P240p30fps16x9', 'P720p60fps16x9'])
    expect(segmentBodyCap(2000, p240, MAX)).toBe(1024 * 1024 + (2 * (32_000_000 + 8 * 600_000)) / 8)
    expect(segmentBodyCap(2000, p720, MAX)).toBe(1024 * 1024 + (2 * (32_000_000 + 8 * 6_000_000)) / 8)
    expect(segmentBodyCap(4000, p240, MAX)).toBeGreaterThan(segmentBodyCap(2000, p240, MAX))
  })
  it('never exceeds the configured limit, and gives it to segments without a duration', () => {
    const p = profilesByName(['P720p60fps16x9'])
    expect(segmentBodyCap(2000, p, 1000)).toBe(1000)
    expect(segmentBodyCap(undefined, p, MAX)).toBe(MAX)
    expect(segmentBodyCap(0, p, MAX)).toBe(MAX)
    expect(segmentBodyCap(3_600_000, p, MAX)).toBe(segmentBodyCap(60_000, p, MAX))
  })
})
