import { type Rational, ratAdd, rational } from '../math/rational.ts'
import { adjustPrice } from '../pricing/adjustPrice.ts'
import type { Capabilities } from './gen/net_pb.ts'

/** Input of {@link quotePrice}. */
export type QuotePriceInput = {
  /** The transcoding price for this sender (its own, else the default); absent = none set. */
  transcodePrice?: Rational | undefined
  /** Price of one (capability, model) for this sender (its own, else the default); absent = 0. */
  capabilityPrice?: (capability: number, modelId: string) => Rational | undefined
  /** The request's capabilities; absent = price without capabilities. */
  capabilities?: Pick<Capabilities, 'capacities' | 'constraints'> | undefined
  /**
   * `-autoAdjustPrice` (go-livepeer's default: on): the faceValue quoted to this sender and the
   * redeem tx cost, whose ratio is the tx-cost multiplier. null = no adjustment.
   */
  autoAdjust: { faceValue: bigint; txCost: bigint } | null
}

/**
 * The price an orchestrator quotes a sender in GetOrchestrator (before any webhook override):
 * 1. without capabilities, the transcoding price (or 0);
 * 2. with capabilities, the sum of the (capability, model) prices over every capability that is in
 *    both `capacities` and `constraints.PerCapability` and every model listed under it; a zero sum
 *    falls back to the transcoding price when one is set;
 * 3. with auto-adjust and a price > 0, × (1 + 1/txCostMultiplier);
 * 4. truncated to 3 decimals and reduced.
 *
 * @example quotePrice({ transcodePrice: rational(1200n), autoAdjust: null }) // { num: 1200n, den: 1n }
 */
export function quotePrice(input: QuotePriceInput): Rational {
  let base = rational(0n)
  const caps = input.capabilities
  if (caps) {
    const per = caps.constraints?.PerCapability ?? {}
    for (const key of Object.keys(caps.capacities)) {
      const constraint = per[Number(key)]
      if (!constraint) continue
      for (const model of Object.keys(constraint.models)) {
        const p = input.capabilityPrice?.(Number(key), model)
        if (p) base = ratAdd(base, p)
      }
    }
  }
  if (base.num === 0n && input.transcodePrice) base = input.transcodePrice
  const adjust = input.autoAdjust && base.num > 0n ? input.autoAdjust : { faceValue: 0n, txCost: 0n }
  return adjustPrice({ basePrice: base, ...adjust })
}
