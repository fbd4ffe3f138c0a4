import { RationalInvalidError } from '../errors/encoding.ts'
import { type Rational, rational } from './rational.ts'

/**
 * Parses a decimal number string (optionally negative and fractional, e.g. `-1200.5`) into an
 * exact rational. Bigints and rationals pass through.
 *
 * @throws RATIONAL_INVALID for anything else (exponents, spaces, empty).
 * @example parseDecimal('-1200.5') // { num: -2401n, den: 2n }
 */
export function parseDecimal(value: string | bigint | Rational): Rational {
  if (typeof value === 'bigint') return rational(value)
  if (typeof value === 'object') return rational(value.num, value.den)
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(value)
  if (!m) throw new RationalInvalidError(`not a decimal number: ${JSON.stringify(value).slice(0, 40)}`)
  const frac = m[3] ?? ''
  const n = BigInt(`${m[2]}${frac}`)
  return rational(m[1] ? -n : n, 10n ** BigInt(frac.length))
}
