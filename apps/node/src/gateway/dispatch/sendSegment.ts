/**
 * Sends one segment as go-livepeer's gateway does: `POST <transcoder>/segment` with the segment
 * bytes (`Content-Type: video/MP2T`), `Livepeer-Segment` (base64 SegData) and `Livepeer-Payment`
 * (base64 Payment, the empty string off chain); the orchestrator answers `200` before it
 * transcodes (its headers must come within the upload deadline, max(2 s, ½ × duration)) and the
 * protobuf `TranscodeResult` within max(8 s, 4 × duration). A refusal is its status and text.
 */
import { decodeWire, isBaseError, net, segDataToHeader } from '@prism/protocol'
import { GatewayOrchestratorError } from '../errors.ts'
import { httpCall } from './httpClient.ts'

/** Largest TranscodeResult read (URLs and an OrchestratorInfo: a few KiB). */
const MAX_RESULT_BYTES = 4 * 1024 * 1024

/** Arguments of {@link sendSegment}. */
export type SendSegmentParameters = {
  /** OrchestratorInfo.transcoder (the service URI). */
  uri: string
  seg: net.SegData
  body: Uint8Array
  /** `Livepeer-Payment` value. Default: '' (off chain). */
  paymentHeader?: string
  /** Segment duration in ms (sets the deadlines). */
  durationMs: number
  /** Deadline of the whole request. Default: max(8000, 4 × durationMs). */
  timeoutMs?: number
  /** Deadline of the response headers. Default: max(2000, durationMs / 2). */
  headerTimeoutMs?: number
}

/**
 * POSTs a segment and returns the decoded TranscodeResult (which may carry an error text).
 *
 * @throws GatewayOrchestratorError (`GATEWAY_ORCHESTRATOR_ERROR`): a non-200 answer (`status N:
 *   <its text>`), no answer in time (`status 0: header timeout: …`), an unreadable body.
 * @example
 * const result = await sendSegment({ uri: info.transcoder, seg, body, paymentHeader, durationMs: 2000 })
 */
export async function sendSegment(p: SendSegmentParameters): Promise<net.TranscodeResult> {
  let res: Awaited<ReturnType<typeof httpCall>>
  try {
    res = await httpCall({
      method: 'POST',
      url: `${p.uri}/segment`,
      headers: {
        'content-type': 'video/MP2T',
        'livepeer-segment': segDataToHeader(p.seg),
        'livepeer-payment': p.paymentHeader ?? '',
      },
      body: p.body,
      headerTimeoutMs: p.headerTimeoutMs ?? Math.max(2000, p.durationMs / 2),
      totalTimeoutMs: p.timeoutMs ?? Math.max(8000, 4 * p.durationMs),
      maxBodyBytes: MAX_RESULT_BYTES,
    })
  } catch (err) {
    const text = isBaseError(err) ? `${err.shortMessage}: ${err.details}` : String(err)
    throw new GatewayOrchestratorError(p.uri, 0, text, err)
  }
  if (res.status !== 200)
    throw new GatewayOrchestratorError(p.uri, res.status, res.body.toString('utf8').trim().slice(0, 300))
  try {
    return decodeWire(net.TranscodeResultSchema, res.body)
  } catch (err) {
    throw new GatewayOrchestratorError(p.uri, 200, 'unreadable TranscodeResult', err)
  }
}
