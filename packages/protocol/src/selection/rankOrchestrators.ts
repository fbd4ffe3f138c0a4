import { type Rational, ratCompare, ratToNumber } from '../math/rational.ts'
import type { OrchestratorInfo, PipelineOffer } from '../messages/orchestratorInfo.ts'
import { parsePrice } from '../pricing/parsePrice.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import type { SuspensionList } from './SuspensionList.ts'

/** An orchestrator as discovery saw it. */
export type OrchestratorCandidate = {
  /** Service URL. */
  url: string
  /** Its decoded OrchestratorInfo; absent when it did not answer. */
  info?: OrchestratorInfo
  /** Round-trip time of the info request, ms. */
  rttMs?: number
  /** Why discovery failed for it (timeout, HTTP status, MESSAGE_INVALID …). */
  error?: string
  /**
   * The node answered but refused this gateway with a typed error (e.g. `SENDER_RESERVE_MISSING`
   * before the session key is funded): reachable, yet not usable until the cause is fixed.
   */
  refusal?: { code: string; message: string }
}

/** Why a candidate is not eligible. */
export type IneligibleReason =
  | 'unreachable'
  | 'refused'
  | 'price-above-max'
  | 'at-capacity'
  | 'invalid-params'
  | 'missing-pipeline'
  | 'suspended'

/** Relative weights of the score components (any non-negative numbers; normalised). */
export type SelectionWeights = { price: number; latency: number; load: number }

/** Options of {@link rankOrchestrators}. */
export type RankOrchestratorsOptions = {
  /** Highest acceptable price per pixel (wei). Default: no limit. */
  maxPricePerPixel?: Rational
  /** Score weights. Default: `{ price: 0.4, latency: 0.4, load: 0.2 }`. */
  weights?: SelectionWeights
  /** Pipeline kind the session needs; candidates must offer it. Default: any. */
  pipeline?: PipelineOffer['kind']
  /**
   * Require ticket params from priced orchestrators (on-chain sessions; a free one needs no
   * tickets). Default: false.
   */
  requireTicketParams?: boolean
  /** Latest L1 block: params expiring at or before `currentBlock + 1` are invalid. Default: not checked. */
  currentBlock?: bigint
  /** Max EV per ticket (wei): params above it are invalid. Default: not checked. */
  maxTicketEV?: bigint
  /** Suspended orchestrators are ineligible with reason `suspended`. Default: none. */
  suspensions?: SuspensionList
}

/** A ranked candidate. */
export type RankedOrchestrator = OrchestratorCandidate & {
  /** True when the session may use it. */
  eligible: boolean
  /** Why not, when ineligible. */
  reason?: IneligibleReason
  /** Human-readable detail of the reason. */
  detail?: string
  /** Score in [0, 1], higher is better; 0 when ineligible. */
  score: number
  /** The price per pixel that applies (pipeline price, else the node price). */
  pricePerPixel?: Rational
}

const DEFAULT_WEIGHTS: SelectionWeights = { price: 0.4, latency: 0.4, load: 0.2 }

function effectivePrice(info: OrchestratorInfo, kind: PipelineOffer['kind'] | undefined): Rational {
  const offer = kind ? info.pipelines.find((p) => p.kind === kind) : undefined
  return parsePrice(offer?.price ?? info.price)
}

function check(c: OrchestratorCandidate, o: RankOrchestratorsOptions): RankedOrchestrator {
  const out = (reason: IneligibleReason, detail: string): RankedOrchestrator => ({
    ...c,
    eligible: false,
    reason,
    detail,
    score: 0,
  })
  if (o.suspensions?.isSuspended(c.url)) return out('suspended', `penalty ${o.suspensions.penalty(c.url)}`)
  if (c.refusal) return out('refused', `${c.refusal.code}: ${c.refusal.message}`)
  const info = c.info
  if (c.error !== undefined || !info) return out('unreachable', c.error ?? 'no OrchestratorInfo')
  if (o.pipeline && !info.pipelines.some((p) => p.kind === o.pipeline))
    return out('missing-pipeline', `does not offer ${o.pipeline}`)
  let price: Rational
  try {
    price = effectivePrice(info, o.pipeline)
  } catch (err) {
    return out('invalid-params', err instanceof Error ? err.message : String(err))
  }
  const tp = info.ticketParams
  if (tp && o.currentBlock !== undefined && BigInt(tp.expirationBlock) - o.currentBlock <= 1n)
    return out('invalid-params', 'ticket params expired')
  if (tp && o.maxTicketEV !== undefined) {
    const ev = ticketEV(BigInt(tp.faceValue), BigInt(tp.winProb))
    if (ev.num > o.maxTicketEV * ev.den) return out('invalid-params', 'ticket EV above max')
  }
  if (o.maxPricePerPixel && ratCompare(price, o.maxPricePerPixel) > 0)
    return { ...out('price-above-max', 'price per pixel above max'), pricePerPixel: price }
  if (info.capacity.sessions >= info.capacity.maxSessions)
    return {
      ...out('at-capacity', `${info.capacity.sessions}/${info.capacity.maxSessions} sessions`),
      pricePerPixel: price,
    }
  // Checked last: a node that is otherwise usable but quotes no params needs the sender funded.
  if (o.requireTicketParams && !tp && price.num > 0n)
    return { ...out('invalid-params', 'no ticket params for this sender'), pricePerPixel: price }
  return { ...c, eligible: true, score: 0, pricePerPixel: price }
}

/**
 * Ranks orchestrators for a session (pure; docs/protocol.md §6 is policy, this is Prism's): each
 * candidate is checked (reachable, offers the pipeline, valid params, price ≤ max, free
 * capacity, not suspended) and eligible ones are scored on price (cheapest = 1), latency
 * (fastest = 1, unknown = 0.5) and load (1 − sessions/maxSessions). Eligible first by score,
 * then ineligible; ties by URL.
 *
 * @returns every candidate with `eligible`, `reason` and `score`.
 * @example
 * const [best] = rankOrchestrators(candidates, { maxPricePerPixel: rational(2000n), pipeline: 'ai' })
 * if (best?.eligible) connect(best.url)
 */
export function rankOrchestrators(
  candidates: readonly OrchestratorCandidate[],
  options: RankOrchestratorsOptions = {},
): RankedOrchestrator[] {
  const ranked = candidates.map((c) => check(c, options))
  const ok = ranked.filter((r) => r.eligible)
  const prices = ok.map((r) => ratToNumber(r.pricePerPixel!))
  const minPrice = Math.min(...prices)
  const rtts = ok.map((r) => r.rttMs).filter((x): x is number => x !== undefined && x >= 0)
  const minRtt = Math.min(...rtts)
  const w = options.weights ?? DEFAULT_WEIGHTS
  const total = w.price + w.latency + w.load || 1
  for (const r of ok) {
    const p = ratToNumber(r.pricePerPixel!)
    const priceScore = p <= 0 ? 1 : minPrice / p
    const latencyScore =
      r.rttMs === undefined || r.rttMs < 0
        ? 0.5
        : r.rttMs <= 0
          ? 1
          : Math.max(minRtt, 1) / Math.max(r.rttMs, 1)
    const cap = r.info!.capacity
    const loadScore = cap.maxSessions > 0 ? 1 - cap.sessions / cap.maxSessions : 0
    r.score = (w.price * priceScore + w.latency * latencyScore + w.load * loadScore) / total
  }
  return ranked.sort((a, b) =>
    a.eligible !== b.eligible
      ? a.eligible
        ? -1
        : 1
      : b.score - a.score || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
  )
}
