import { describe, expect, it } from 'vitest'
import { rational } from '../math/rational.ts'
import { priceFromPriceInfo, priceInfoFromRational } from './priceInfo.ts'

describe('PriceInfo', () => {
  it('writes the reduced fraction', () => {
    expect(priceInfoFromRational(rational(1212n, 1000n))).toMatchObject({
      pricePerUnit: 303n,
      pixelsPerUnit: 250n,
    })
    expect(priceInfoFromRational(rational(0n))).toMatchObject({ pricePerUnit: 0n, pixelsPerUnit: 1n })
    expect(priceInfoFromRational(rational(5n, 2n), { capability: 35, constraint: 'noop' })).toMatchObject({
      pricePerUnit: 5n,
      pixelsPerUnit: 2n,
      capability: 35,
      constraint: 'noop',
    })
  })
  it('truncates a fraction beyond int64 to an integer price', () => {
    const big = rational((1n << 70n) + 1n, 1n << 64n)
    expect(priceInfoFromRational(big)).toMatchObject({ pricePerUnit: 64n, pixelsPerUnit: 1n })
    expect(() => priceInfoFromRational(rational(1n << 64n))).toThrowError(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
  it("reads a price and refuses pixelsPerUnit 0 with go-livepeer's text", () => {
    expect(priceFromPriceInfo({ pricePerUnit: 6n, pixelsPerUnit: 4n })).toEqual(rational(3n, 2n))
    expect(() => priceFromPriceInfo({ pricePerUnit: 6n, pixelsPerUnit: 0n })).toThrowError(
      expect.objectContaining({ code: 'PRICE_INVALID', details: 'pixels per unit is 0' }),
    )
  })
})
