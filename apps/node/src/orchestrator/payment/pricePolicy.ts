/**
 * PricePolicy: the orchestrator's price per pixel (docs/protocol.md §2.7, §5.1). A default
 * `-pricePerUnit/-pixelsPerUnit`, optional per-capability (and per-model) prices for AI pipelines,
 * and `-autoAdjustPrice` (default on): price × (1 + txCost/faceValue), truncated to 3 decimals,
 * so the node recovers its redemption gas.
 */
import { adjustPrice, type Rational, rational } from '@prism/protocol'
import type { PriceInfo } from './balanceLedger.ts'
import { PaymentPriceInvalidError } from './errors.ts'

/** A price for one capability (pipeline), optionally for one model. */
export type CapabilityPrice = {
  /** Capability id (docs/protocol.md §10) or pipeline name. */
  capability: number | string
  /** Model id; omitted = any model of that capability. */
  modelId?: string
  pricePerUnit: bigint
  pixelsPerUnit: bigint
}

/** Options of {@link PricePolicy}. */
export type PricePolicyOptions = {
  /** wei per `pixelsPerUnit` pixels. Required (may be 0 for free service). */
  pricePerUnit: bigint
  /** Default: 1. */
  pixelsPerUnit?: bigint
  /** Per-capability prices; the most specific match wins. Default: none. */
  capabilityPrices?: CapabilityPrice[]
  /** Raise the price by the redemption overhead (§2.7). Default: true. */
  autoAdjustPrice?: boolean
}

/** What a quote is for. */
export type PriceQuery = { capability?: number | string; modelId?: string }

/**
 * Prices pixels.
 *
 * @example
 * const policy = new PricePolicy({ pricePerUnit: 1200n })
 * policy.quote({ faceValue: 1_200_000_000_000_000n, txCost: 12_000_000_000_000n }) // { pricePerUnit: 1212n, pixelsPerUnit: 1n }
 */
export class PricePolicy {
  readonly #default: Rational
  readonly #caps: CapabilityPrice[]
  readonly #auto: boolean

  /** @throws PaymentPriceInvalidError (`PAYMENT_PRICE_INVALID`) for a negative price or pixelsPerUnit ≤ 0. */
  constructor(options: PricePolicyOptions) {
    const ppu = options.pixelsPerUnit ?? 1n
    for (const p of [
      { pricePerUnit: options.pricePerUnit, pixelsPerUnit: ppu },
      ...(options.capabilityPrices ?? []),
    ]) {
      if (p.pixelsPerUnit <= 0n) throw new PaymentPriceInvalidError('pixels per unit is 0')
      if (p.pricePerUnit < 0n) throw new PaymentPriceInvalidError('negative price')
    }
    this.#default = rational(options.pricePerUnit, ppu)
    this.#caps = options.capabilityPrices ?? []
    this.#auto = options.autoAdjustPrice ?? true
  }

  /** The configured price for a query, before adjustment (wei per pixel). */
  basePrice(q: PriceQuery = {}): Rational {
    if (q.capability !== undefined) {
      const cap = String(q.capability)
      const exact = this.#caps.find((c) => String(c.capability) === cap && c.modelId === q.modelId)
      const any = this.#caps.find((c) => String(c.capability) === cap && c.modelId === undefined)
      const hit = exact ?? any
      if (hit) return rational(hit.pricePerUnit, hit.pixelsPerUnit)
    }
    return this.#default
  }

  /**
   * The price to quote, with the auto-adjust overhead when enabled.
   *
   * @param ctx.faceValue - the sender's ticket face value (0 = no overhead).
   * @param ctx.txCost - redeemGas × gas price.
   */
  quote(ctx: PriceQuery & { faceValue: bigint; txCost: bigint }): PriceInfo {
    const base = this.basePrice(ctx)
    if (base.num === 0n) return { pricePerUnit: 0n, pixelsPerUnit: 1n }
    if (!this.#auto || ctx.faceValue <= 0n || ctx.txCost <= 0n)
      return { pricePerUnit: base.num, pixelsPerUnit: base.den }
    const r = adjustPrice({ basePrice: base, faceValue: ctx.faceValue, txCost: ctx.txCost })
    return { pricePerUnit: r.num, pixelsPerUnit: r.den }
  }
}
