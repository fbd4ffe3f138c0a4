import type { DiscoveredOrchestrator } from '@prism/protocol'
import { formatPricePerPixel } from '../lib/format.ts'

/** Why an orchestrator cannot be used, and what the user can do about it. */
export type Explanation = {
  /** The real cause, in words, e.g. `your session key has no reserve`. */
  cause: string
  /** The fix, e.g. `fund your session key`. */
  fix: string
  /** The user's own action fixes it (funding, price): shown first. */
  actionable: boolean
}

/** What {@link explainIneligible} needs besides the orchestrator. */
export type ExplainContext = {
  /** When its suspension in this tab ends (ms since the epoch), if suspended. */
  suspendedUntil?: number | undefined
  /** The user's max price per pixel, wei (0 or undefined: none). */
  maxPricePerPixel?: number | undefined
  /** Its price per pixel, wei. */
  pricePerPixel?: number | undefined
  /** The pipeline asked for. */
  pipelineKind?: string | undefined
  /** Clock. Default: Date.now. */
  now?: number
}

const REFUSALS: Record<string, Omit<Explanation, 'actionable'> & { actionable?: boolean }> = {
  SENDER_RESERVE_MISSING: {
    cause: 'your session key has no reserve yet',
    fix: 'fund your session key',
    actionable: true,
  },
  RESERVE_INSUFFICIENT: {
    cause: 'your reserve is too small for its tickets',
    fix: 'fund your session key with a larger reserve',
    actionable: true,
  },
  TICKET_SENDER_UNLOCKING: {
    cause: 'your session key is unlocking its funds (a withdraw is in progress)',
    fix: 'finish the withdraw, then fund your session key again',
    actionable: true,
  },
  TICKET_PARAMS_UNAVAILABLE: {
    cause: 'it cannot read the chain right now',
    fix: 'retry in a few seconds',
  },
}

/**
 * The cause and the fix for an ineligible orchestrator, in the user's words (the panel and the
 * Start error show them).
 * @param o the orchestrator as discovery ranked it.
 * @param ctx the suspension end, the user's max price, the pipeline.
 * @returns the explanation, or undefined when it is eligible.
 * @example
 * explainIneligible({ ...o, eligible: false, reason: 'refused', refusal: { code: 'SENDER_RESERVE_MISSING', message: '' } }, {})
 * // { cause: 'your session key has no reserve yet', fix: 'fund your session key', actionable: true }
 */
export function explainIneligible(
  o: Pick<DiscoveredOrchestrator, 'eligible' | 'reason' | 'detail' | 'refusal' | 'error' | 'errorCode'>,
  ctx: ExplainContext = {},
): Explanation | undefined {
  if (o.eligible) return undefined
  switch (o.reason) {
    case 'suspended': {
      const left = ctx.suspendedUntil
        ? Math.max(1, Math.ceil((ctx.suspendedUntil - (ctx.now ?? Date.now())) / 1000))
        : undefined
      return {
        cause: `suspended${left ? ` for ${left} s` : ''} after it failed in this tab`,
        fix: 'retry then, or use another orchestrator',
        actionable: false,
      }
    }
    case 'refused': {
      const code = o.refusal?.code ?? 'refused'
      const known = REFUSALS[code]
      if (known) return { actionable: false, ...known }
      return {
        cause: `it refused this gateway (${code}${o.refusal?.message ? `: ${o.refusal.message}` : ''})`,
        fix: 'use another orchestrator',
        actionable: false,
      }
    }
    case 'price-above-max':
      return {
        cause: `its price ${formatPricePerPixel(ctx.pricePerPixel)} is above your max ${formatPricePerPixel(ctx.maxPricePerPixel)}`,
        fix: 'raise your max price',
        actionable: true,
      }
    case 'invalid-params':
      if (o.detail?.includes('no ticket params'))
        return {
          cause: 'it quotes no ticket params for your session key',
          fix: 'fund your session key',
          actionable: true,
        }
      return {
        cause: `its ticket params are unusable (${o.detail})`,
        fix: 'use another orchestrator',
        actionable: false,
      }
    case 'unreachable':
      return {
        cause: `unreachable (${o.errorCode ?? o.error ?? 'no answer'})`,
        fix: 'check that the node runs and its URL',
        actionable: false,
      }
    case 'missing-pipeline':
      return {
        cause: `it does not offer ${ctx.pipelineKind ?? 'this pipeline'}`,
        fix: 'pick another pipeline or orchestrator',
        actionable: false,
      }
    case 'at-capacity':
      return { cause: `it is full (${o.detail})`, fix: 'retry when a slot frees up', actionable: false }
    default:
      return { cause: o.detail ?? 'not eligible', fix: 'use another orchestrator', actionable: false }
  }
}

/**
 * Why no orchestrator can take a stream, with the fix: the user's own fix first (funding, max
 * price), then the others.
 * @param rows the discovered orchestrators with their explanations.
 * @returns one sentence.
 * @example
 * whyNoOrchestrator([]) // 'no orchestrator found: add one under Orchestrators, or check the chain RPC'
 */
export function whyNoOrchestrator(
  rows: readonly { url: string; explanation?: Explanation | undefined }[],
): string {
  const explained = rows.filter((r) => r.explanation)
  if (explained.length === 0)
    return 'no orchestrator found: add one under Orchestrators, or check the chain RPC'
  const first = explained.find((r) => r.explanation!.actionable) ?? explained[0]!
  const more = explained.length - 1
  const { cause, fix } = first.explanation!
  return `no orchestrator can take this stream: ${cause}: ${fix}${more > 0 ? ` (and ${more} more not eligible)` : ''}`
}
