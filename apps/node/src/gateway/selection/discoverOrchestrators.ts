/**
 * Gateway discovery through @prism/protocol's `discover`: the `-orchAddr` list first (trusted, in
 * order), then the on-chain pool (BondingManager pool → ServiceRegistry URIs) in rank order when a
 * chain client is given. Each candidate is asked by gRPC `GetOrchestrator` (with the gateway's
 * signed request and the capabilities its segments need); an orchestrator whose capabilities do
 * not cover them is refused here as go-livepeer's gateway refuses it. The answers are ranked by
 * `rankOrchestrators` (price, max price, ticket params, suspensions), and each usable one's
 * OrchestratorInfo is handed to `onInfo` (the first session with it starts from it). The ones that
 * fail or refuse are counted in `livepeer_discovery_errors_total` and left out.
 */
import {
  type ChainClient,
  discover,
  incompatibility,
  type net,
  normalizeUrl,
  type ProbeFetch,
  type ProbeResponse,
  type SuspensionList,
} from '@prism/protocol'
import type { Address } from 'viem'
import type { GatewayMetrics } from '../../metrics/GatewayMetrics.ts'
import { infoView } from '../dispatch/infoView.ts'
import { getOrchestrator, rpcFailure } from '../dispatch/orchestratorRpc.ts'

/** Options of {@link discoverOrchestrators}. */
export type DiscoverOrchestratorsOptions = {
  orchAddrs: readonly string[]
  /** The GetOrchestrator request (signed credentials, the segments' capabilities). */
  request: net.OrchestratorRequest
  /** Reads the on-chain pool. Default: none (`-orchAddr` only). */
  client?: ChainClient
  /** The ticket sender, when paying: orchestrators must then quote ticket params. */
  sender?: Address
  /** Suspended orchestrators are left out (the pool's list). */
  suspensions?: SuspensionList
  metrics?: GatewayMetrics
  /** Deadline per orchestrator. Default: 3000 ms. */
  timeoutMs?: number
  /** Receives each answering orchestrator's info (by its normalized URI). */
  onInfo?: (uri: string, info: net.OrchestratorInfo) => void
  /** Receives each orchestrator left out: refused (with its code and text) or unreachable. */
  onLeftOut?: (uri: string, code: string, message: string) => void
  /** GetOrchestrator. Default: the gRPC call. */
  getOrchestrator?: (
    uri: string,
    req: net.OrchestratorRequest,
    timeoutMs: number,
  ) => Promise<net.OrchestratorInfo>
}

function refusalCode(message: string): string {
  if (message.includes('OrchestratorCapped')) return 'WIRE_ORCHESTRATOR_CAPPED'
  if (message.includes('sig check failed')) return 'WIRE_REQUEST_SIG_INVALID'
  return 'REFUSED'
}

function answer(status: number, body: unknown): ProbeResponse {
  const text = JSON.stringify(body)
  return { ok: status === 200, status, text: async () => text }
}

/**
 * The probe `discover` runs per candidate, speaking gRPC instead of `GET /info`: it answers the
 * JSON view of the OrchestratorInfo, a 403 `{ code, message }` for a refusal (the orchestrator's
 * or an incompatible capability set), and throws (with the socket's code) when unreachable.
 */
function grpcProbe(o: DiscoverOrchestratorsOptions): ProbeFetch {
  const call = o.getOrchestrator ?? getOrchestrator
  const timeoutMs = o.timeoutMs ?? 3000
  return async (url) => {
    const uri = normalizeUrl(url.slice(0, url.lastIndexOf('/info')))
    let info: net.OrchestratorInfo
    try {
      info = await call(uri, o.request, timeoutMs)
    } catch (err) {
      const f = rpcFailure(err)
      if (f.kind === 'refused') return answer(403, { code: refusalCode(f.message), message: f.message })
      throw Object.assign(new Error(f.message), { code: f.code })
    }
    const why = incompatibility(o.request.capabilities, info.capabilities ?? { bitstring: [] })
    if (why)
      return answer(403, {
        code: 'WIRE_CAPABILITIES_INCOMPATIBLE',
        message: `incompatible capabilities (${why})`,
      })
    o.onInfo?.(uri, info)
    return answer(200, infoView(info, uri))
  }
}

/**
 * Returns the usable orchestrator URIs, configured ones first.
 *
 * @example
 * const uris = await discoverOrchestrators({ orchAddrs: ['https://127.0.0.1:8935'], request, metrics,
 *   onInfo: (uri, info) => sessions.seed(uri, info) })
 */
export async function discoverOrchestrators(opts: DiscoverOrchestratorsOptions): Promise<string[]> {
  const { orchestrators, chainError } = await discover({
    configured: opts.orchAddrs,
    ...(opts.client ? { client: opts.client } : {}),
    ...(opts.sender ? { sender: opts.sender, requireTicketParams: true } : {}),
    ...(opts.suspensions ? { suspensions: opts.suspensions } : {}),
    // the probe keeps its own deadline (per gRPC call)
    timeoutMs: (opts.timeoutMs ?? 3000) + 1000,
    fetch: grpcProbe(opts),
  })
  const errors = opts.metrics?.discoveryErrors
  if (chainError) errors?.inc({ error_code: chainError.code, orchestrator_uri: 'chain' })
  for (const o of orchestrators) {
    const code = o.refusal?.code ?? (o.reason === 'unreachable' ? (o.errorCode ?? 'error') : undefined)
    if (code) errors?.inc({ error_code: code, orchestrator_uri: o.url })
    if (code) opts.onLeftOut?.(o.url, code, o.refusal?.message ?? o.reason ?? '')
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
