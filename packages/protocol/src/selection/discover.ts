import type { Address } from 'viem'
import { getServiceUri } from '../chain/actions/getServiceUri.ts'
import { getTranscoderPool } from '../chain/actions/getTranscoderPool.ts'
import type { ChainClient } from '../chain/client.ts'
import type { ChainError } from '../chain/errors.ts'
import { mergeOrchestratorUrls, normalizeUrl, type OrchestratorTarget } from './orchestratorUrls.ts'
import { type ProbeFetch, type ProbeResult, probeOrchestrator } from './probeOrchestrator.ts'
import {
  type RankedOrchestrator,
  type RankOrchestratorsOptions,
  rankOrchestrators,
} from './rankOrchestrators.ts'

/** Parameters of {@link discover}; the ranking options apply to every probed orchestrator. */
export type DiscoverParameters = RankOrchestratorsOptions & {
  /** Reads the BondingManager pool and each one's ServiceRegistry URI. Omit to use `configured` only. */
  client?: ChainClient | undefined
  /** Orchestrator URLs tried besides the pool, listed first (`-orchAddr`, `?orchestrators=`, …). */
  configured?: readonly string[]
  /** The ticket sender: each node is asked for ticket params for it (`/info?sender=`). */
  sender?: Address | undefined
  /** Probe timeout per orchestrator, ms. Default: 3000. */
  timeoutMs?: number
  /** The `fetch` probes use. Default: the global one. */
  fetch?: ProbeFetch
}

/** One orchestrator as discovery found and ranked it. */
export type DiscoveredOrchestrator = ProbeResult & RankedOrchestrator

/** What {@link discover} returns. */
export type DiscoverReturnType = {
  /** Every orchestrator found: eligible first, best first; the others with `reason` and `detail`. */
  orchestrators: DiscoveredOrchestrator[]
  /** Why reading the chain pool failed, if it did (the configured ones are still probed). */
  chainError: ChainError | undefined
}

async function readChainTargets(client: ChainClient): Promise<OrchestratorTarget[]> {
  const pool = await getTranscoderPool(client)
  const uris = await Promise.all(pool.map((address) => getServiceUri(client, { address }).catch(() => '')))
  return pool.flatMap((address, i) => {
    const url = normalizeUrl(uris[i] ?? '')
    return url ? [{ url, source: 'chain' as const, address }] : []
  })
}

/**
 * Finds orchestrators and ranks them (docs/protocol.md §6.1 policy): the configured URLs first, then
 * the on-chain pool (BondingManager pool → ServiceRegistry URIs) when a client is given; probes
 * each `GET /info?sender=` concurrently with its round-trip time; ranks with
 * {@link rankOrchestrators} (suspended ones out through `suspensions`).
 *
 * @returns every orchestrator with `eligible` and, when ineligible, why; never throws.
 * @example
 * const { orchestrators } = await discover({ client, configured: ['http://127.0.0.1:8935'], sender })
 * const best = orchestrators.find((o) => o.eligible)
 */
export async function discover(params: DiscoverParameters): Promise<DiscoverReturnType> {
  const { client, configured = [], sender, timeoutMs, fetch, ...rank } = params
  let chain: OrchestratorTarget[] = []
  let chainError: ChainError | undefined
  if (client) {
    try {
      chain = await readChainTargets(client)
    } catch (err) {
      chainError = err as ChainError
    }
  }
  const targets = mergeOrchestratorUrls(configured, chain)
  const probes = await Promise.all(
    targets.map((t) =>
      probeOrchestrator(t, {
        sender,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(fetch === undefined ? {} : { fetch }),
      }),
    ),
  )
  const byUrl = new Map(probes.map((p) => [p.url, p]))
  const orchestrators = rankOrchestrators(probes, rank).map((r) => ({ ...byUrl.get(r.url)!, ...r }))
  return { orchestrators, chainError }
}
