import { describe, expect, it } from 'vitest'
import { ProfileUnknownError } from '../errors/pricing.ts'
import { ratFloor, rational } from '../math/rational.ts'
import { PIXEL_ESTIMATE_MULTIPLIER } from './constants.ts'
import { estimateFee, estimatePixels } from './estimateFee.ts'

describe('estimateFee', () => {
  it('uses the float64 value of 1.02 exactly', () => {
    // The rational is the double nearest 1.02 (a 52-bit mantissa over 2^51), slightly above 102/100.
    expect(Number(PIXEL_ESTIMATE_MULTIPLIER.num) / Number(PIXEL_ESTIMATE_MULTIPLIER.den)).toBe(1.02)
    expect(PIXEL_ESTIMATE_MULTIPLIER.den).toBe(2n ** 51n)
    expect(PIXEL_ESTIMATE_MULTIPLIER.num * 100n > 102n * PIXEL_ESTIMATE_MULTIPLIER.den).toBe(true)
  })

  it('docs/protocol.md §11 vector 4: 240p + 360p, 2 s, price 1200/1', () => {
    expect(estimatePixels(['P240p30fps16x9', 'P360p30fps16x9'], 2)).toBe(19_958_400n)
    const fee = estimateFee(['P240p30fps16x9', 'P360p30fps16x9'], 2.0, rational(1200n))
    expect(fee).toEqual({ num: 26860059275088730989375n, den: 1099511627776n })
    expect(ratFloor(fee)).toBe(24_429_081_600n)
  })

  it('rounds seconds and fps up, fps 0 counts as 60', () => {
    expect(estimatePixels([{ width: 10, height: 10, fps: 0 }], 0.5)).toBe(6000n)
    expect(estimatePixels([{ width: 10, height: 10, fps: 30000, fpsDen: 1001 }], 1.2)).toBe(100n * 30n * 2n)
    expect(() => estimatePixels(['P9p'], 1)).toThrow(ProfileUnknownError)
  })
})
