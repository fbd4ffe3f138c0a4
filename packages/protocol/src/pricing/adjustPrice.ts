import { type Rational, ratAdd, ratDiv, ratFloor, rational, ratMul } from '../math/rational.ts'
import { PRICE_SCALING_FACTOR } from './constants.ts'

/** Parameters of {@link adjustPrice}. */
export type AdjustPriceParameters = {
  /** Base price per pixel (wei). */
  basePrice: Rational
  /** faceValue quoted to this sender. */
  faceValue: bigint
  /** Redeem tx cost (redeemGas × gasPrice). */
  txCost: bigint
}

/**
 * go-livepeer's automatic price adjustment (`-autoAdjustPrice`, docs/protocol.md §2.7): m =
 * faceValue / txCost, overhead = 1 + 1/m (1 when m or the base price is 0), price =
 * truncate(basePrice × overhead × 1000) / 1000, reduced.
 *
 * @returns the adjusted price per pixel.
 * @example
 * adjustPrice({ basePrice: rational(1200n), faceValue: 1_200_000_000_000_000n, txCost: 12_000_000_000_000n })
 * // { num: 1212n, den: 1n }
 */
export function adjustPrice({ basePrice, faceValue, txCost }: AdjustPriceParameters): Rational {
  const m = txCost <= 0n ? rational(0n) : rational(faceValue, txCost)
  const overhead =
    basePrice.num === 0n || m.num === 0n ? rational(1n) : ratAdd(rational(1n), ratDiv(rational(1n), m))
  const scaled = ratMul(ratMul(basePrice, overhead), rational(PRICE_SCALING_FACTOR))
  return rational(ratFloor(scaled), PRICE_SCALING_FACTOR)
}
