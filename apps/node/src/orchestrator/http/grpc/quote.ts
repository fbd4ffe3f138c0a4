/**
 * GetOrchestrator's prices, from the node's one PricePolicy: the price quoted to a sender for the
 * capabilities it asks for (go-livepeer's rule, `quotePrice` of @prism/protocol), and the
 * per-(capability, model) list a request without capabilities gets.
 */
import { create } from '@bufbuild/protobuf'
import {
  CAPABILITIES,
  capabilityForPipeline,
  net,
  priceInfoFromRational,
  quotePrice,
  type Rational,
  rational,
} from '@prism/protocol'
import type { PricePolicy } from '../../payment/pricePolicy.ts'

/** Redemption figures of one sender (auto-adjust): its ticket face value and the redeem tx cost. */
export type AdjustFigures = { faceValue: bigint; txCost: bigint }

function capabilityId(c: number | string): number | undefined {
  if (typeof c === 'number') return c
  if (/^[0-9]+$/.test(c)) return Number(c)
  return capabilityForPipeline(c)
}

/**
 * The configured price of one (capability, model): an entry for that model, else one for any model
 * of the capability; undefined when the policy has none (go-livepeer then counts 0).
 *
 * @example capabilityPrice(policy, 35, 'builtin:toon') // { num: 3n, den: 1n } or undefined
 */
export function capabilityPrice(
  policy: PricePolicy,
  capability: number,
  modelId: string,
): Rational | undefined {
  const entries = policy.settings().capabilityPrices.filter((e) => capabilityId(e.capability) === capability)
  const hit = entries.find((e) => e.modelId === modelId) ?? entries.find((e) => e.modelId === undefined)
  return hit ? rational(hit.pricePerUnit, hit.pixelsPerUnit) : undefined
}

/**
 * True when the request's capabilities select at least one configured (capability, model) price:
 * the quote is then the sum of those prices rather than the node's transcoding price.
 */
export function hasCapabilityPrices(policy: PricePolicy, caps: net.Capabilities | undefined): boolean {
  if (!caps) return false
  const per = caps.constraints?.PerCapability ?? {}
  return Object.keys(caps.capacities).some((key) =>
    Object.keys(per[Number(key)]?.models ?? {}).some((m) => capabilityPrice(policy, Number(key), m)),
  )
}

/**
 * The price quoted for `caps` (go-livepeer: sum of the (capability, model) prices listed in both
 * capacities and constraints; a zero sum falls back to the transcoding price), auto-adjusted with
 * the sender's figures when the policy says so, truncated to 3 decimals, as a PriceInfo.
 *
 * @example quoteForCapabilities(policy, req.capabilities, { faceValue, txCost })
 */
export function quoteForCapabilities(
  policy: PricePolicy,
  caps: net.Capabilities | undefined,
  adjust: AdjustFigures,
): net.PriceInfo {
  const price = quotePrice({
    transcodePrice: policy.basePrice(),
    capabilityPrice: (c, m) => capabilityPrice(policy, c, m),
    capabilities: caps,
    autoAdjust: policy.settings().autoAdjustPrice ? adjust : null,
  })
  return priceInfoFromRational(price)
}

/**
 * `capabilities_prices` of a request without capabilities: for each live AI model offered, the
 * price a request for exactly that model would be quoted, tagged with capability 35 and the
 * model id.
 *
 * @example capabilitiesPrices(policy, ['builtin:toon'], figures)[0].constraint // 'builtin:toon'
 */
export function capabilitiesPrices(
  policy: PricePolicy,
  aiModels: readonly string[],
  adjust: AdjustFigures,
): net.PriceInfo[] {
  const live = CAPABILITIES.LiveVideoToVideo
  return aiModels.map((model) => {
    const price = quotePrice({
      transcodePrice: policy.basePrice(),
      capabilityPrice: (c, m) => capabilityPrice(policy, c, m),
      capabilities: create(net.CapabilitiesSchema, {
        capacities: { [live]: 1 },
        constraints: { PerCapability: { [live]: { models: { [model]: {} } } } },
      }),
      autoAdjust: policy.settings().autoAdjustPrice ? adjust : null,
    })
    return priceInfoFromRational(price, { capability: live, constraint: model })
  })
}
