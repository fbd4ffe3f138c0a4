/**
 * Gateway discovery (docs/protocol.md §6.1 policy) through @prism/protocol's `discover`: the
 * `-orchAddr` list first (trusted, in order), then the on-chain pool (BondingManager pool →
 * ServiceRegistry URIs) in rank order when a chain client is given. Every candidate is probed
 * with `GET /info?sender=` (3 s); the ones that fail or refuse are counted in
 * `livepeer_discovery_errors_total` and left out, as are suspended and full ones.
 */
import {
  type ChainClient,
  discover,
  normalizeUrl,
  type ProbeFetch,
  type SuspensionList,
} from '@prism/protocol'
import type { Address } from 'viem'
import type { GatewayMetrics } from '../../metrics/GatewayMetrics.ts'

/** Options of {@link discoverOrchestrators}. */
export type DiscoverOrchestratorsOptions = {
  orchAddrs: readonly string[]
  /** Reads the on-chain pool. Default: none (`-orchAddr` only). */
  client?: ChainClient
  /** The ticket sender, when paying: nodes quote ticket params for it. */
  sender?: Address
  /** Suspended orchestrators are left out (the pool's list). */
  suspensions?: SuspensionList
  metrics?: GatewayMetrics
  /** Probe timeout per orchestrator. Default: 3000 ms. */
  timeoutMs?: number
  /** The `fetch` probes use. Default: the global one. */
  fetch?: ProbeFetch
}

/**
 * Returns the usable orchestrator URIs, configured ones first.
 *
 * @example
 * const uris = await discoverOrchestrators({ orchAddrs: ['http://127.0.0.1:8935'], metrics })
 */
export async function discoverOrchestrators(opts: DiscoverOrchestratorsOptions): Promise<string[]> {
  const { orchestrators, chainError } = await discover({
    configured: opts.orchAddrs,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.sender ? { sender: opts.sender } : {}),
    ...(opts.suspensions ? { suspensions: opts.suspensions } : {}),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  })
  const errors = opts.metrics?.discoveryErrors
  if (chainError) errors?.inc({ error_code: chainError.code, orchestrator_uri: 'chain' })
  for (const o of orchestrators) {
    const code = o.refusal?.code ?? (o.reason === 'unreachable' ? (o.errorCode ?? 'error') : undefined)
    if (code) errors?.inc({ error_code: code, orchestrator_uri: o.url })
  }
  const usable = orchestrators.filter((o) => o.eligible)
  const configured = usable
    .filter((o) => o.source === 'configured')
    .sort((a, b) => indexOf(opts.orchAddrs, a.url) - indexOf(opts.orchAddrs, b.url))
  return [...configured, ...usable.filter((o) => o.source === 'chain')].map((o) => o.url)
}

function indexOf(list: readonly string[], url: string): number {
  return list.findIndex((u) => normalizeUrl(u) === url)
}
