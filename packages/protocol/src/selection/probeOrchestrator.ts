import type { Address } from 'viem'
import { decodeOrchestratorInfo } from '../messages/orchestratorInfo.ts'
import type { OrchestratorTarget } from './orchestratorUrls.ts'
import type { OrchestratorCandidate } from './rankOrchestrators.ts'

/** The response fields a probe reads (a `Response` of the global `fetch` has them). */
export type ProbeResponse = { ok: boolean; status: number; text(): Promise<string> }

/** The `fetch` a probe uses: the global one by default, injectable for tests. */
export type ProbeFetch = (url: string, init: { signal: unknown; cache: 'no-store' }) => Promise<ProbeResponse>

/** Options of {@link probeOrchestrator}. */
export type ProbeOptions = {
  /** The ticket sender: the node then adds ticket params for it (`/info?sender=`). */
  sender?: Address | undefined
  /** Abort after this long, ms. Default: 3000 (go-livepeer's connect timeout). */
  timeoutMs?: number
  /** Default: the global `fetch`. */
  fetch?: ProbeFetch
}

/** What probing one orchestrator found. */
export type ProbeResult = OrchestratorTarget &
  OrchestratorCandidate & {
    /** Short machine-readable cause of a failed probe: `HTTP 503`, `DeadlineExceeded`, `ECONNREFUSED`, … */
    errorCode?: string
  }

type Globals = {
  fetch: ProbeFetch
  AbortSignal: { timeout(ms: number): unknown }
  performance?: { now(): number }
}
const globals = globalThis as unknown as Globals

function now(): number {
  return globals.performance?.now() ?? Date.now()
}

function failureCode(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { code?: unknown } }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'DeadlineExceeded'
  if (typeof e.cause?.code === 'string') return e.cause.code
  if (typeof e.code === 'string') return e.code
  return e.name ?? 'error'
}

/**
 * Fetches `GET {url}/info[?sender=…]`, timing the round trip, and decodes the OrchestratorInfo.
 * A node that answers 4xx with a typed error (`{ code, message }`, e.g. SENDER_RESERVE_MISSING
 * before the session key is funded) is reported as a `refusal`; anything else that fails as an
 * `error` with its `errorCode`.
 *
 * @returns the probe result; never throws.
 * @example
 * const r = await probeOrchestrator({ url: 'http://127.0.0.1:8935', source: 'configured' }, { sender })
 * if (r.info) console.log(r.rttMs, r.info.price)
 */
export async function probeOrchestrator(
  target: OrchestratorTarget,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const url = `${target.url}/info${options.sender ? `?sender=${options.sender}` : ''}`
  const doFetch = options.fetch ?? ((u, init) => globals.fetch(u, init))
  const started = now()
  try {
    const res = await doFetch(url, {
      signal: globals.AbortSignal.timeout(options.timeoutMs ?? 3000),
      cache: 'no-store',
    })
    const rttMs = now() - started
    const body = await res.text()
    if (!res.ok) {
      let message = body
      try {
        const j = JSON.parse(body) as { code?: unknown; message?: unknown }
        if (typeof j.code === 'string' && res.status < 500) {
          const refusal = { code: j.code, message: String(j.message ?? '').slice(0, 200) }
          return { ...target, rttMs, refusal }
        }
        message = `${String(j.code ?? res.status)}: ${String(j.message ?? body)}`
      } catch {}
      const error = `HTTP ${res.status} ${message}`.slice(0, 200)
      return { ...target, rttMs, error, errorCode: `HTTP ${res.status}` }
    }
    return { ...target, rttMs, info: decodeOrchestratorInfo(body) }
  } catch (err) {
    const error = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    return { ...target, error, errorCode: failureCode(err) }
  }
}
