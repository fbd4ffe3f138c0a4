import { create } from '@bufbuild/protobuf'
import { ValueOutOfRangeError } from '../errors/encoding.ts'
import type { Rational } from '../math/rational.ts'
import { parsePrice } from '../pricing/parsePrice.ts'
import { type PriceInfo, PriceInfoSchema } from './gen/net_pb.ts'

const INT64_MAX = (1n << 63n) - 1n

/**
 * The wire form of a price: the reduced fraction as pricePerUnit / pixelsPerUnit. A fraction
 * whose numerator or denominator does not fit int64 is truncated to an integer price (as
 * go-livepeer does for per-capability prices).
 *
 * @throws VALUE_OUT_OF_RANGE for a negative price or an integer price beyond int64.
 * @example priceInfoFromRational(rational(1212n, 1000n)) // { pricePerUnit: 303n, pixelsPerUnit: 250n }
 */
export function priceInfoFromRational(
  price: Rational,
  forCapability: { capability?: number; constraint?: string } = {},
): PriceInfo {
  let num = price.num
  let den = price.den
  if (num < 0n) throw new ValueOutOfRangeError(num, 'pricePerUnit', INT64_MAX)
  if (num > INT64_MAX || den > INT64_MAX) {
    num /= den
    den = 1n
    if (num > INT64_MAX) throw new ValueOutOfRangeError(num, 'pricePerUnit', INT64_MAX)
  }
  return create(PriceInfoSchema, {
    pricePerUnit: num,
    pixelsPerUnit: den,
    capability: forCapability.capability ?? 0,
    constraint: forCapability.constraint ?? '',
  })
}

/**
 * Price per pixel of a received PriceInfo.
 * @throws PRICE_INVALID (`pixels per unit is 0`, negative price)
 * @example priceFromPriceInfo(info.priceInfo) // { num: 1200n, den: 1n }
 */
export function priceFromPriceInfo(p: Pick<PriceInfo, 'pricePerUnit' | 'pixelsPerUnit'>): Rational {
  return parsePrice(p)
}
