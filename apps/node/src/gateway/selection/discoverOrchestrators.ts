/**
 * Gateway discovery (docs/protocol.md §6.1 policy): the `-orchAddr` list first (trusted, in order), then
 * the on-chain pool (BondingManager transcoder pool → ServiceRegistry URIs) when a chain client is
 * given. Every candidate is probed with `GET /info` (3 s); the ones that fail are counted in
 * `livepeer_discovery_errors_total` and left out.
 */
import { decodeOrchestratorInfo } from '@prism/protocol'
import type { Address } from 'viem'
import type { GatewayMetrics } from '../../metrics/GatewayMetrics.ts'

/** The chain reads discovery needs (ChainClient satisfies it). */
export type DiscoveryChain = {
  getTranscoderPool(): Promise<Address[]>
  getServiceURI(addr?: Address): Promise<string>
}

/** Options of {@link discoverOrchestrators}. */
export type DiscoverOrchestratorsOptions = {
  orchAddrs: readonly string[]
  chain?: DiscoveryChain
  metrics?: GatewayMetrics
  /** Probe timeout per orchestrator. Default: 3000 ms. */
  timeoutMs?: number
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } }
  if (e.name === 'TimeoutError') return 'DeadlineExceeded'
  return e.cause?.code ?? e.name ?? 'error'
}

/**
 * Returns the usable orchestrator URIs, configured ones first.
 *
 * @example
 * const uris = await discoverOrchestrators({ orchAddrs: ['http://127.0.0.1:8935'], metrics })
 */
export async function discoverOrchestrators(opts: DiscoverOrchestratorsOptions): Promise<string[]> {
  const candidates = opts.orchAddrs.map((u) => u.replace(/\/+$/, ''))
  if (opts.chain) {
    try {
      const pool = await opts.chain.getTranscoderPool()
      for (const addr of pool) {
        const uri = (await opts.chain.getServiceURI(addr).catch(() => '')).replace(/\/+$/, '')
        if (uri && !candidates.includes(uri)) candidates.push(uri)
      }
    } catch (err) {
      opts.metrics?.discoveryErrors.inc({ error_code: errorCode(err), orchestrator_uri: 'chain' })
    }
  }
  const ok = await Promise.all(
    candidates.map(async (uri) => {
      try {
        const res = await fetch(`${uri}/info`, { signal: AbortSignal.timeout(opts.timeoutMs ?? 3000) })
        if (res.status !== 200) {
          opts.metrics?.discoveryErrors.inc({ error_code: `HTTP ${res.status}`, orchestrator_uri: uri })
          return false
        }
        decodeOrchestratorInfo(await res.json())
        return true
      } catch (err) {
        opts.metrics?.discoveryErrors.inc({ error_code: errorCode(err), orchestrator_uri: uri })
        return false
      }
    }),
  )
  return candidates.filter((_u, i) => ok[i])
}
