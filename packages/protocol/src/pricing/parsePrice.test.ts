import { describe, expect, it } from 'vitest'
import { PriceInvalidError } from '../errors/pricing.ts'
import { parsePrice } from './parsePrice.ts'

describe('parsePrice', () => {
  it('parses strings, numbers and bigints into a reduced rational', () => {
    expect(parsePrice({ pricePerUnit: '1200', pixelsPerUnit: '4' })).toEqual({ num: 300n, den: 1n })
    expect(parsePrice({ pricePerUnit: 3, pixelsPerUnit: 2n })).toEqual({ num: 3n, den: 2n })
  })

  it('rejects pixelsPerUnit 0, negative and non-integer prices', () => {
    expect(() => parsePrice({ pricePerUnit: '1', pixelsPerUnit: '0' })).toThrow(/pixels per unit is 0/)
    expect(() => parsePrice({ pricePerUnit: '-1', pixelsPerUnit: '1' })).toThrow(PriceInvalidError)
    expect(() => parsePrice({ pricePerUnit: '1.5', pixelsPerUnit: '1' })).toThrow(PriceInvalidError)
    expect(() => parsePrice({ pricePerUnit: 1.5, pixelsPerUnit: 1 })).toThrow(PriceInvalidError)
  })
})
