/**
 * PricePolicy: the orchestrator's one price per pixel (docs/protocol.md §2.7, §5.1), and its only
 * mutable copy. A default `-pricePerUnit/-pixelsPerUnit`, optional per-capability (and per-model)
 * prices for AI pipelines, and `-autoAdjustPrice` (default on): price × (1 + txCost/faceValue),
 * truncated to 3 decimals, so the node recovers its redemption gas.
 *
 * One instance per node backs `/info` (the quoted price), `/admin/price` (which changes it) and the
 * ticket params issuer (the price new params are bound to), paid node or not. A change applies to
 * every quote and every ticket params issued afterwards; sessions whose price is already fixed keep
 * it (their refreshed params stay bound to it).
 */
import { adjustPrice, type PriceInfo, type PriceJson, type Rational, rational } from '@prism/protocol'
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

/** Options of {@link PricePolicy} (and the patch {@link PricePolicy.update} takes). */
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

/** The policy's current settings (see {@link PricePolicy.settings}). */
export type PriceSettings = {
  /** The default price, reduced (e.g. 10/4 reads 5/2). */
  price: PriceJson
  capabilityPrices: CapabilityPrice[]
  autoAdjustPrice: boolean
}

/** What a quote is for. */
export type PriceQuery = { capability?: number | string; modelId?: string }

/**
 * Prices pixels.
 *
 * @example
 * const policy = new PricePolicy({ pricePerUnit: 1200n })
 * policy.quote({ faceValue: 1_200_000_000_000_000n, txCost: 12_000_000_000_000n }) // { pricePerUnit: 1212n, pixelsPerUnit: 1n }
 * policy.update({ pricePerUnit: 1500n, pixelsPerUnit: 1n })                        // later quotes use 1500
 */
export class PricePolicy {
  #default: Rational
  #caps: CapabilityPrice[]
  #auto: boolean

  /** @throws PaymentPriceInvalidError (`PAYMENT_PRICE_INVALID`) for a negative price or pixelsPerUnit ≤ 0. */
  constructor(options: PricePolicyOptions) {
    const ppu = options.pixelsPerUnit ?? 1n
    const caps = options.capabilityPrices ?? []
    check(options.pricePerUnit, ppu, caps)
    this.#default = rational(options.pricePerUnit, ppu)
    this.#caps = [...caps]
    this.#auto = options.autoAdjustPrice ?? true
  }

  /**
   * Changes the price (`POST /admin/price`): the given fields replace the current ones, the others
   * stay (`pixelsPerUnit` is 1 when `pricePerUnit` comes without it). All or nothing: an invalid
   * patch changes nothing.
   *
   * @throws PaymentPriceInvalidError (`PAYMENT_PRICE_INVALID`) for a negative price or pixelsPerUnit ≤ 0.
   */
  update(patch: Partial<PricePolicyOptions>): void {
    const price = patch.pricePerUnit ?? this.#default.num
    const ppu = patch.pixelsPerUnit ?? (patch.pricePerUnit === undefined ? this.#default.den : 1n)
    const caps = patch.capabilityPrices ?? this.#caps
    check(price, ppu, caps)
    this.#default = rational(price, ppu)
    this.#caps = [...caps]
    if (patch.autoAdjustPrice !== undefined) this.#auto = patch.autoAdjustPrice
  }

  /** The current settings (a copy). */
  settings(): PriceSettings {
    return {
      price: this.baseJson(),
      capabilityPrices: this.#caps.map((c) => ({ ...c })),
      autoAdjustPrice: this.#auto,
    }
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

  /** {@link basePrice} as JSON decimal strings (the `/info` price without a sender). */
  baseJson(q: PriceQuery = {}): PriceJson {
    const r = this.basePrice(q)
    return { pricePerUnit: r.num.toString(), pixelsPerUnit: r.den.toString() }
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

function check(pricePerUnit: bigint, pixelsPerUnit: bigint, caps: CapabilityPrice[]): void {
  for (const p of [{ pricePerUnit, pixelsPerUnit }, ...caps]) {
    if (p.pixelsPerUnit <= 0n) throw new PaymentPriceInvalidError('pixels per unit is 0')
    if (p.pricePerUnit < 0n) throw new PaymentPriceInvalidError('negative price')
  }
}
