/**
 * Sends one segment to an orchestrator's `POST /segment` with its signed `Livepeer-Segment` header
 * and optional `Livepeer-Payment` header, and parses the {@link SegmentResult}.
 */
import {
  encodeSegData,
  isBaseError,
  type SegData,
  type SegmentResult,
  SegmentResultSchema,
} from '@prism/protocol'
import { GatewayOrchestratorError } from '../errors.ts'

/** Arguments of {@link sendSegment}. */
export type SendSegmentParameters = {
  uri: string
  seg: SegData
  body: Uint8Array
  paymentHeader?: string
  /** Abort after this many ms. Default: 8000 (go-livepeer HTTPTimeout). */
  timeoutMs?: number
}

/**
 * POSTs a segment and returns the parsed result.
 *
 * @throws GatewayOrchestratorError (`GATEWAY_ORCHESTRATOR_ERROR`) on a network error, a non-200
 *   answer (its `status` and `{code,message}` in the details) or an unreadable body.
 * @example
 * const result = await sendSegment({ uri: 'http://127.0.0.1:8935', seg, body })
 */
export async function sendSegment(p: SendSegmentParameters): Promise<SegmentResult> {
  const headers: Record<string, string> = {
    'content-type': 'video/mp2t',
    'livepeer-segment': Buffer.from(encodeSegData(p.seg)).toString('base64'),
  }
  if (p.paymentHeader !== undefined) headers['livepeer-payment'] = p.paymentHeader
  let res: Response
  try {
    res = await fetch(`${p.uri}/segment`, {
      method: 'POST',
      headers,
      body: p.body,
      signal: AbortSignal.timeout(p.timeoutMs ?? 8000),
    })
  } catch (err) {
    throw new GatewayOrchestratorError(p.uri, 0, (err as Error).message, err)
  }
  const text = await res.text().catch((e: Error) => `unreadable body: ${e.message}`)
  if (res.status !== 200) throw new GatewayOrchestratorError(p.uri, res.status, text.slice(0, 300))
  try {
    return SegmentResultSchema.parse(JSON.parse(text))
  } catch (err) {
    if (isBaseError(err)) throw err
    throw new GatewayOrchestratorError(p.uri, res.status, 'unreadable segment result', err)
  }
}
