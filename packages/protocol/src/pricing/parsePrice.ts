import { PriceInvalidError } from '../errors/pricing.ts'
import { type Rational, rational } from '../math/rational.ts'

/**
 * Price per pixel (wei) from `{ pricePerUnit, pixelsPerUnit }` as strings, numbers or bigints.
 *
 * @returns the reduced rational pricePerUnit / pixelsPerUnit.
 * @throws PRICE_INVALID for pixelsPerUnit ≤ 0 ("pixels per unit is 0"), a negative price or a non-integer.
 * @example parsePrice({ pricePerUnit: '1200', pixelsPerUnit: '1' }) // { num: 1200n, den: 1n }
 */
export function parsePrice(price: {
  pricePerUnit: string | number | bigint
  pixelsPerUnit: string | number | bigint
}): Rational {
  const num = toInt(price.pricePerUnit, 'pricePerUnit')
  const den = toInt(price.pixelsPerUnit, 'pixelsPerUnit')
  if (den <= 0n) throw new PriceInvalidError('pixels per unit is 0')
  if (num < 0n) throw new PriceInvalidError('pricePerUnit is negative')
  return rational(num, den)
}

function toInt(v: string | number | bigint, what: string): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^-?[0-9]{1,78}$/.test(v)) return BigInt(v)
  throw new PriceInvalidError(`${what} is not an integer: ${String(v)}`)
}
