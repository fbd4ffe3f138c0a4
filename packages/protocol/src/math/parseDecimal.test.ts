import { describe, expect, it } from 'vitest'
import { RationalInvalidError } from '../errors/encoding.ts'
import { parseDecimal } from './parseDecimal.ts'
import { rational } from './rational.ts'

describe('parseDecimal', () => {
  it('parses integers, fractions and negatives exactly', () => {
    expect(parseDecimal('24429081600')).toEqual(rational(24429081600n))
    expect(parseDecimal('-1200.5')).toEqual(rational(-2401n, 2n))
    expect(parseDecimal('0.000')).toEqual(rational(0n))
    expect(parseDecimal(5n)).toEqual(rational(5n))
    expect(parseDecimal({ num: 4n, den: 2n })).toEqual(rational(2n))
  })

  it('rejects other strings', () => {
    for (const s of ['', '1e5', ' 1', '1.', '.5', '--1', '0x10'])
      expect(() => parseDecimal(s)).toThrow(RationalInvalidError)
  })
})
