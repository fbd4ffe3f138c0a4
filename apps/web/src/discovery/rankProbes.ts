import type { ProbeResult } from './probeOrchestrator.ts'

/** A probed orchestrator with its place in the ranking and why it can or cannot be used. */
export type RankedOrchestrator = ProbeResult & {
  /** Whether the gateway may use it. */
  eligible: boolean
  /** Why not (empty when eligible). */
  reasons: string[]
  /** Price per pixel in wei (undefined when unknown). */
  pricePerPixel: number | undefined
  /** Lower is better. */
  score: number
}

/** Options of {@link rankProbes}. */
export type RankProbesOptions = {
  /** Highest acceptable price per pixel in wei; 0 or undefined accepts any. */
  maxPricePerPixel?: number
  /** Pipeline kind the session needs (`passthrough`, `transcode` or `ai`). */
  pipelineKind?: string
}

/**
 * Filters and ranks probed orchestrators: reachable, with ticket params for our sender, under the
 * max price, with free capacity, offering the pipeline; then by price, latency and load.
 * @param probes probe results.
 * @param options max price and the pipeline kind wanted.
 * @returns eligible first, best first; ineligible ones keep their reasons.
 * @example
 * const ranked = rankProbes(probes, { maxPricePerPixel: 0, pipelineKind: 'ai' })
 */
export function rankProbes(
  probes: readonly ProbeResult[],
  options: RankProbesOptions = {},
): RankedOrchestrator[] {
  const ranked = probes.map((p): RankedOrchestrator => {
    const reasons: string[] = []
    let pricePerPixel: number | undefined
    if (!p.info) reasons.push(`unreachable: ${p.error ?? 'no answer'}`)
    else {
      const ppu = Number(p.info.price.pricePerUnit)
      const ppx = Number(p.info.price.pixelsPerUnit)
      pricePerPixel = ppx > 0 ? ppu / ppx : undefined
      if (!p.info.ticketParams && ppu > 0)
        reasons.push('no ticket params for this sender (fund the session key)')
      if (options.maxPricePerPixel && pricePerPixel !== undefined && pricePerPixel > options.maxPricePerPixel)
        reasons.push(`price ${pricePerPixel} wei/pixel above max ${options.maxPricePerPixel}`)
      const { sessions, maxSessions } = p.info.capacity
      if (maxSessions > 0 && sessions >= maxSessions) reasons.push(`at capacity (${sessions}/${maxSessions})`)
      if (options.pipelineKind && !p.info.pipelines.some((o) => o.kind === options.pipelineKind))
        reasons.push(`does not offer ${options.pipelineKind}`)
    }
    const load = p.info ? p.info.capacity.sessions / Math.max(1, p.info.capacity.maxSessions) : 1
    const score = (pricePerPixel ?? 1e9) * 1e3 + (p.rttMs ?? 1e6) + load * 50
    return { ...p, eligible: reasons.length === 0, reasons, pricePerPixel, score }
  })
  return ranked.sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.score - b.score)
}
