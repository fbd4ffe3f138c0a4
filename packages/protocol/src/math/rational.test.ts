import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RationalInvalidError } from '../errors/encoding.ts'
import {
  ratAdd,
  ratCeil,
  ratCompare,
  ratDiv,
  ratFloor,
  rational,
  ratMax,
  ratMul,
  ratSub,
  ratToDecimalString,
  ratToNumber,
} from './rational.ts'

describe('rational', () => {
  it('reduces and normalises the sign', () => {
    expect(rational(6n, -4n)).toEqual({ num: -3n, den: 2n })
    expect(rational(0n, 5n)).toEqual({ num: 0n, den: 1n })
    expect(() => rational(1n, 0n)).toThrow(RationalInvalidError)
  })

  it('does arithmetic exactly', () => {
    expect(ratAdd(rational(1n, 2n), rational(1n, 3n))).toEqual(rational(5n, 6n))
    expect(ratSub(rational(1n, 2n), rational(1n, 3n))).toEqual(rational(1n, 6n))
    expect(ratMul(rational(2n, 3n), rational(3n, 4n))).toEqual(rational(1n, 2n))
    expect(ratDiv(rational(1n, 2n), rational(1n, 4n))).toEqual(rational(2n))
    expect(() => ratDiv(rational(1n), rational(0n))).toThrow(RationalInvalidError)
    expect(ratMax(rational(1n, 3n), rational(1n, 2n))).toEqual(rational(1n, 2n))
    expect(ratToNumber(rational(1n, 4n))).toBe(0.25)
    expect(ratToDecimalString(rational(-1n, 3n), 5)).toBe('-0.33333')
    expect(ratToDecimalString(rational(8n), 2)).toBe('8.00')
  })

  it('property: floor ≤ r ≤ ceil, differing by at most 1', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 40n }), (n, d) => {
        const r = rational(n, d)
        const f = ratFloor(r)
        const c = ratCeil(r)
        expect(ratCompare(rational(f), r) <= 0).toBe(true)
        expect(ratCompare(rational(c), r) >= 0).toBe(true)
        expect(c - f).toBe(n % d === 0n ? 0n : 1n)
      }),
    )
  })
})
