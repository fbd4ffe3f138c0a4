import { decodeOrchestratorInfo, type OrchestratorInfo } from '@prism/protocol'
import type { Address } from 'viem'
import type { OrchestratorUrl } from './findOrchestratorUrls.ts'

/** Result of probing one orchestrator's `/info`. */
export type ProbeResult = OrchestratorUrl & {
  /** Round trip of the `/info` request, ms (undefined when it failed). */
  rttMs: number | undefined
  /** Decoded OrchestratorInfo, when the probe succeeded. */
  info: OrchestratorInfo | undefined
  /** Why the probe failed. */
  error: string | undefined
  /** The node answered with a typed error for this sender (e.g. no reserve yet). */
  refusal?: { code: string; message: string }
}

/**
 * Fetches `GET {url}/info?sender=…`, timing the round trip, and decodes the answer.
 * @param target the orchestrator.
 * @param sender the session key address (the node then adds ticket params for it).
 * @param timeoutMs abort after this long. Default: 3000 (go-livepeer's connect timeout).
 * @returns the probe result; never throws.
 * @example
 * const r = await probeOrchestrator({ url: 'http://127.0.0.1:8935', source: 'configured' }, key.address)
 */
export async function probeOrchestrator(
  target: OrchestratorUrl,
  sender: Address | undefined,
  timeoutMs = 3000,
): Promise<ProbeResult> {
  const url = `${target.url}/info${sender ? `?sender=${sender}` : ''}`
  const started = performance.now()
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' })
    const rttMs = performance.now() - started
    const body = await res.text()
    if (!res.ok) {
      let message = body
      try {
        const j = JSON.parse(body) as { code?: string; message?: string }
        if (typeof j.code === 'string' && res.status < 500) {
          const refusal = { code: j.code, message: (j.message ?? '').slice(0, 200) }
          return { ...target, rttMs, info: undefined, error: undefined, refusal }
        }
        message = `${j.code ?? res.status}: ${j.message ?? body}`
      } catch {}
      return { ...target, rttMs, info: undefined, error: `HTTP ${res.status} ${message}`.slice(0, 200) }
    }
    const info = decodeOrchestratorInfo(body)
    return { ...target, rttMs, info, error: undefined }
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    return { ...target, rttMs: undefined, info: undefined, error: message }
  }
}
