import {
  parseDecimal,
  type RankOrchestratorsOptions,
  rankOrchestrators,
  ratToNumber,
  type SuspensionList,
} from '@prism/protocol'
import type { ProbeResult } from './probeOrchestrator.ts'

/** A probed orchestrator with its place in the ranking and why it can or cannot be used. */
export type RankedOrchestrator = ProbeResult & {
  /** Whether the gateway may use it. */
  eligible: boolean
  /** Why not (empty when eligible). */
  reasons: string[]
  /** Price per pixel in wei (undefined when unknown). */
  pricePerPixel: number | undefined
  /** Score in [0, 1] from @prism/protocol's selection, higher is better. */
  score: number
}

/** Options of {@link rankProbes}. */
export type RankProbesOptions = {
  /** Highest acceptable price per pixel in wei (decimal); 0 or undefined accepts any. */
  maxPricePerPixel?: number
  /** Pipeline kind the session needs (`passthrough`, `transcode` or `ai`). */
  pipelineKind?: 'passthrough' | 'transcode' | 'ai'
  /** Require ticket params for our sender from priced orchestrators. Default: true. */
  requireTicketParams?: boolean
  /** Latest block, to drop expiring params. */
  currentBlock?: bigint
  /** Orchestrators this tab suspended (failed or flagged); ineligible while suspended. */
  suspensions?: SuspensionList
}

/**
 * Ranks probed orchestrators with @prism/protocol's `rankOrchestrators` (reachable, offers the
 * pipeline, valid ticket params, price ≤ max, free capacity; scored on price, latency and load).
 * @param probes probe results.
 * @param options max price, pipeline kind, ticket-param requirement.
 * @returns eligible first, best first; ineligible ones with their reason.
 * @example
 * const ranked = rankProbes(probes, { maxPricePerPixel: 0, pipelineKind: 'ai' })
 */
export function rankProbes(
  probes: readonly ProbeResult[],
  options: RankProbesOptions = {},
): RankedOrchestrator[] {
  const byUrl = new Map(probes.map((p) => [p.url, p]))
  // A free node needs no tickets; a priced one must quote params for our sender (checked below).
  const o: RankOrchestratorsOptions = { requireTicketParams: false }
  if (options.maxPricePerPixel) o.maxPricePerPixel = parseDecimal(String(options.maxPricePerPixel))
  if (options.pipelineKind) o.pipeline = options.pipelineKind
  if (options.currentBlock !== undefined) o.currentBlock = options.currentBlock
  if (options.suspensions) o.suspensions = options.suspensions
  const candidates = probes.map((p) => ({
    url: p.url,
    ...(p.info ? { info: p.info } : {}),
    ...(p.rttMs !== undefined ? { rttMs: p.rttMs } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
    ...(p.refusal ? { refusal: p.refusal } : {}),
  }))
  const requireParams = options.requireTicketParams ?? true
  const ranked = rankOrchestrators(candidates, o).map((r): RankedOrchestrator => {
    const pricePerPixel = r.pricePerPixel ? ratToNumber(r.pricePerPixel) : undefined
    const unpaid = requireParams && r.eligible && !r.info?.ticketParams && (pricePerPixel ?? 0) > 0
    return {
      ...byUrl.get(r.url)!,
      eligible: r.eligible && !unpaid,
      reasons: unpaid
        ? ['invalid-params: no ticket params for this sender (fund the session key)']
        : r.eligible
          ? []
          : [`${r.reason ?? 'ineligible'}${r.detail ? `: ${r.detail}` : ''}`],
      pricePerPixel,
      score: unpaid ? 0 : r.score,
    }
  })
  return ranked.sort((a, b) => Number(b.eligible) - Number(a.eligible))
}
