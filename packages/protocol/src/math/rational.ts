/**
 * Exact rational numbers over bigint. Prices, EVs and fees are rationals in Livepeer
 * (go-livepeer uses big.Rat); every helper here returns a reduced value with a positive
 * denominator, so two equal rationals have equal `num` and `den`.
 */
import { RationalInvalidError } from '../errors/encoding.ts'

/** An exact rational `num / den`, always reduced, `den > 0`. */
export type Rational = { num: bigint; den: bigint }

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) {
    const t = x % y
    x = y
    y = t
  }
  return x
}

/**
 * Builds a reduced rational.
 *
 * @param num - numerator (any sign); a bigint, or an integer number.
 * @param den - denominator, non-zero. Default: 1.
 * @returns the reduced rational with a positive denominator.
 * @throws RATIONAL_INVALID when `den` is zero.
 * @example
 * rational(6n, 4n) // { num: 3n, den: 2n }
 */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num)
  let d = BigInt(den)
  if (d === 0n) throw new RationalInvalidError('zero denominator')
  if (d < 0n) {
    n = -n
    d = -d
  }
  const g = gcd(n, d)
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d }
}

/**
 * a + b, exact.
 * @example ratAdd(rational(1n, 2n), rational(1n, 3n)) // { num: 5n, den: 6n }
 */
export function ratAdd(a: Rational, b: Rational): Rational {
  return a.den === b.den
    ? rational(a.num + b.num, a.den)
    : rational(a.num * b.den + b.num * a.den, a.den * b.den)
}

/**
 * a − b, exact.
 * @example ratSub(rational(1n), rational(1n, 4n)) // { num: 3n, den: 4n }
 */
export function ratSub(a: Rational, b: Rational): Rational {
  return a.den === b.den
    ? rational(a.num - b.num, a.den)
    : rational(a.num * b.den - b.num * a.den, a.den * b.den)
}

/**
 * a × b, exact.
 * @example ratMul(rational(2n, 3n), rational(3n, 4n)) // { num: 1n, den: 2n }
 */
export function ratMul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den)
}

/**
 * a ÷ b, exact.
 * @throws RATIONAL_INVALID when b is zero.
 * @example ratDiv(rational(1n), rational(4n)) // { num: 1n, den: 4n }
 */
export function ratDiv(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RationalInvalidError('division by zero')
  return rational(a.num * b.den, a.den * b.num)
}

/**
 * Compares a and b.
 * @returns -1, 0 or 1.
 * @example ratCompare(rational(1n, 3n), rational(1n, 2n)) // -1
 */
export function ratCompare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

/**
 * Largest integer ≤ r.
 * @example ratFloor(rational(-3n, 2n)) // -2n
 */
export function ratFloor(r: Rational): bigint {
  const q = r.num / r.den
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q
}

/**
 * Smallest integer ≥ r.
 * @example ratCeil(rational(3n, 2n)) // 2n
 */
export function ratCeil(r: Rational): bigint {
  const q = r.num / r.den
  return r.num > 0n && q * r.den !== r.num ? q + 1n : q
}

/**
 * The larger of a and b.
 * @example ratMax(rational(1n), rational(2n)) // { num: 2n, den: 1n }
 */
export function ratMax(a: Rational, b: Rational): Rational {
  return ratCompare(a, b) >= 0 ? a : b
}

/**
 * Nearest float64 (for display and scoring only; never for money).
 * @example ratToNumber(rational(1n, 4n)) // 0.25
 */
export function ratToNumber(r: Rational): number {
  // Scale to keep precision for huge numerators/denominators.
  const scale = 10n ** 18n
  return Number((r.num * scale) / r.den) / 1e18
}

/**
 * Human-readable decimal with `decimals` digits (truncated), as go-livepeer's FloatString.
 * @example ratToDecimalString(rational(1n, 3n), 5) // '0.33333'
 */
export function ratToDecimalString(r: Rational, decimals = 5): string {
  const neg = r.num < 0n
  const n = neg ? -r.num : r.num
  const scaled = (n * 10n ** BigInt(decimals)) / r.den
  const s = scaled.toString().padStart(decimals + 1, '0')
  const int = s.slice(0, s.length - decimals)
  const frac = s.slice(s.length - decimals)
  return `${neg ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}`
}
