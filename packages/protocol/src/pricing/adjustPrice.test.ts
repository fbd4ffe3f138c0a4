import { describe, expect, it } from 'vitest'
import { rational } from '../math/rational.ts'
import { adjustPrice } from './adjustPrice.ts'

describe('adjustPrice', () => {
  it('vector 3: m = 100, overhead 101/100', () => {
    expect(
      adjustPrice({
        basePrice: rational(1200n),
        faceValue: 1_200_000_000_000_000n,
        txCost: 12_000_000_000_000n,
      }),
    ).toEqual(rational(1212n))
  })

  it('truncates to 3 decimals', () => {
    // 1/3 × (1 + 1/100) = 0.33666… -> 0.336
    expect(adjustPrice({ basePrice: rational(1n, 3n), faceValue: 100n, txCost: 1n })).toEqual(
      rational(336n, 1000n),
    )
  })

  it('leaves the price when base is 0, txCost ≤ 0 or faceValue is 0 (then truncated)', () => {
    expect(adjustPrice({ basePrice: rational(0n), faceValue: 100n, txCost: 1n })).toEqual(rational(0n))
    expect(adjustPrice({ basePrice: rational(5n), faceValue: 100n, txCost: 0n })).toEqual(rational(5n))
    expect(adjustPrice({ basePrice: rational(5n), faceValue: 0n, txCost: 10n })).toEqual(rational(5n))
  })

  it('rises when maxFloat caps faceValue (m smaller)', () => {
    expect(adjustPrice({ basePrice: rational(1000n), faceValue: 2n, txCost: 1n })).toEqual(rational(1500n))
  })
})
