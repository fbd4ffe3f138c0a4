/**
 * The `/info?sender=0x…` contribution: ticket params for that sender and the price they are bound
 * to (auto-adjusted per sender). Both come from the PaymentManager's PricePolicy, the node's one
 * price (startOrchestrator hands the same object to `/info` and `/admin/price`).
 * A sender that cannot be given params (no reserve, unlocking, reserve too small) gets the error
 * instead, with its code.
 */
import { type OrchestratorInfo, ticketParamsToJson } from '@prism/protocol'
import type { Address } from 'viem'
import type { PaymentManager } from './paymentManager.ts'

/** Context the server passes to contributors (structurally H3's InfoContext). */
export type TicketParamsInfoContext = { sender?: string }

/**
 * Makes the contributor.
 *
 * Error codes: TICKET_SENDER_UNLOCKING, SENDER_RESERVE_MISSING, RESERVE_INSUFFICIENT,
 * TICKET_PARAMS_UNAVAILABLE (the request fails with that code).
 * @example
 * buildServer({ orchestrator, infoContributors: [ticketParamsContributor(payments)] })
 */
export function ticketParamsContributor(payments: PaymentManager) {
  return async (info: OrchestratorInfo, ctx: TicketParamsInfoContext): Promise<Partial<OrchestratorInfo>> => {
    if (!ctx.sender) {
      // Without a sender the quoted price is the PricePolicy's base price (no per-sender adjustment).
      const base = payments.basePriceJson()
      return { price: base, pipelines: withPrice(info.pipelines, base) }
    }
    const params = await payments.ticketParamsFor(ctx.sender as Address)
    const price = {
      pricePerUnit: params.price.pricePerUnit.toString(),
      pixelsPerUnit: params.price.pixelsPerUnit.toString(),
    }
    return {
      price,
      // Each pipeline is quoted at the price the params are bound to (gateways echo it).
      pipelines: withPrice(info.pipelines, price),
      ticketParams: ticketParamsToJson(params),
    }
  }
}

function withPrice(
  pipelines: OrchestratorInfo['pipelines'],
  price: OrchestratorInfo['price'],
): OrchestratorInfo['pipelines'] {
  return pipelines.map((p) => ({ ...p, price }))
}
