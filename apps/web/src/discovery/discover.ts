import {
  type ChainClient,
  type DiscoveredOrchestrator,
  discover as discoverOrchestrators,
  type ProbeFetch,
  parseDecimal,
  ratToNumber,
  type SuspensionList,
} from '@prism/protocol'
import type { Address } from 'viem'
import type { WebNetwork } from '../network/webNetwork.ts'
import { type Explanation, explainIneligible } from './explainIneligible.ts'
import { readBasePrice } from './readBasePrice.ts'

/** A discovered orchestrator as the DiscoveryPanel shows it. */
export type RankedOrchestrator = Omit<DiscoveredOrchestrator, 'pricePerPixel'> & {
  /** Why it cannot be used, e.g. `refused: SENDER_RESERVE_MISSING: …` (empty when eligible). */
  reasons: string[]
  /**
   * Price per pixel in wei (undefined when unknown); for a node that refused our sender, its base
   * price (asked without a sender).
   */
  pricePerPixel: number | undefined
  /** The cause in words and the fix (undefined when eligible). */
  explanation: Explanation | undefined
}

/** Parameters of {@link discover}. */
export type DiscoverParameters = {
  /** Reads the chain pool. */
  client: ChainClient
  network: WebNetwork
  /** Orchestrator URLs configured by the user (`?orchestrators=` or the list field). */
  configured: readonly string[]
  /** Read the chain pool too. Default: true. */
  useChain?: boolean
  /** The session key (ticket sender): priced orchestrators must quote ticket params for it. */
  sender: Address | undefined
  /** Highest acceptable price per pixel in wei; 0 or undefined accepts any. */
  maxPricePerPixel?: number
  /** Pipeline kind the session needs. */
  pipelineKind?: 'passthrough' | 'transcode' | 'ai'
  /** Orchestrators this tab suspended (failed or flagged); ineligible while suspended. */
  suspensions?: SuspensionList
  /** When a suspended orchestrator's suspension ends (ms since the epoch), for the explanation. */
  suspendedUntil?: (url: string) => number | undefined
  /** The `fetch` probes use. Default: the global one. */
  fetch?: ProbeFetch
}

/** What {@link discover} returns. */
export type DiscoverReturnType = { ranked: RankedOrchestrator[]; chainError: string | undefined }

/**
 * Finds orchestrators with @prism/protocol's `discover` (configured list, the deployment's list and
 * the chain pool; each `/info?sender=` probed with its RTT and ranked) and shapes them for the
 * DiscoveryPanel, each ineligible one with its cause and fix (explainIneligible.ts).
 * @returns the ranked list and, if reading the chain failed, why.
 * @example
 * const { ranked } = await discover({ client, network, configured: [], sender })
 */
export async function discover(params: DiscoverParameters): Promise<DiscoverReturnType> {
  const { orchestrators, chainError } = await discoverOrchestrators({
    ...(params.useChain === false ? {} : { client: params.client }),
    configured: [...params.configured, ...params.network.orchestrators],
    sender: params.sender,
    // A free node needs no tickets; a priced one must quote params for our sender.
    requireTicketParams: true,
    ...(params.maxPricePerPixel ? { maxPricePerPixel: parseDecimal(String(params.maxPricePerPixel)) } : {}),
    ...(params.pipelineKind ? { pipeline: params.pipelineKind } : {}),
    ...(params.suspensions ? { suspensions: params.suspensions } : {}),
    ...(params.fetch ? { fetch: params.fetch } : {}),
  })
  // A node that refuses our sender (e.g. not funded yet) still tells its base price without one.
  const basePrices = new Map(
    await Promise.all(
      orchestrators
        .filter((o) => o.refusal && !o.pricePerPixel)
        .map(async (o) => [o.url, await readBasePrice(o.url, params.fetch)] as const),
    ),
  )
  const ranked = orchestrators.map((o): RankedOrchestrator => {
    const pricePerPixel = o.pricePerPixel ? ratToNumber(o.pricePerPixel) : basePrices.get(o.url)
    return {
      ...o,
      reasons: o.eligible ? [] : [`${o.reason ?? 'ineligible'}${o.detail ? `: ${o.detail}` : ''}`],
      pricePerPixel,
      explanation: explainIneligible(o, {
        suspendedUntil: params.suspendedUntil?.(o.url),
        maxPricePerPixel: params.maxPricePerPixel,
        pricePerPixel,
        pipelineKind: params.pipelineKind,
      }),
    }
  })
  return { ranked, chainError: chainError?.shortMessage }
}
