/**
 * One segment on one orchestrator, over go-livepeer's protocol: take the (stream, orchestrator)
 * session's current OrchestratorInfo (refreshed by GetOrchestrator when its auth token or ticket
 * params are about to expire), build the SegData (profiles in field 33, 34 or 35, `invalid` in
 * field 4, the job capabilities, the auth token) and sign it on chain, pay with the session's
 * ticket count, POST it, take the answer's refreshed info, download the renditions from their
 * URLs and, on chain, check the orchestrator's signature over them. A `TicketParams expired`
 * refusal refreshes the session and sends the segment once more.
 */
import {
  buildSegData,
  expectedResultSigner,
  type net,
  recoverTranscodeResultSigner,
  signSegData,
  type TicketSigner,
} from '@prism/protocol'
import { keccak256Bytes } from '../../lib/keccak256Bytes.ts'
import type { GatewayMetrics } from '../../metrics/GatewayMetrics.ts'
import { GatewayOrchestratorError, GatewayResultSigInvalidError } from '../errors.ts'
import type { SegmentPayer, SegmentPaymentRequest } from '../payment/SegmentPayer.ts'
import type { GatewayRendition } from '../verification/verifyRenditions.ts'
import { fetchRendition } from './fetchRendition.ts'
import type { OrchestratorSessions } from './OrchestratorSessions.ts'
import { sendSegment } from './sendSegment.ts'

/** One source segment. */
export type DispatchedSegment = { stream: string; seq: number; data: Uint8Array; durationMs: number }

/** What every dispatch shares. */
export type DispatchContext = {
  sessions: OrchestratorSessions
  /** Output renditions (net form, in order). */
  profiles: readonly net.VideoProfile[]
  /** The job capabilities put in each SegData. */
  capabilities: net.Capabilities
  /** On chain: signs SegData. */
  signer?: TicketSigner
  payer?: SegmentPayer
  metrics?: GatewayMetrics
  /** Whole-request deadline override, ms. */
  timeoutMs?: number
  /** Early-200 deadline override, ms. */
  headerTimeoutMs?: number
}

const EXPIRED = /ticketparams expired/i

/**
 * Transcodes `seg` on the orchestrator at `uri` and returns its renditions, in profile order.
 *
 * @throws GatewayOrchestratorError (`GATEWAY_ORCHESTRATOR_ERROR`: refusal, transcode error, bad
 *   answer, failed download, GetOrchestrator failure), GatewayResultSigInvalidError
 *   (`GATEWAY_RESULT_SIG_INVALID`), the payer's errors.
 * @example const renditions = await dispatchSegment(ctx, 'https://127.0.0.1:8935', seg)
 */
export async function dispatchSegment(
  ctx: DispatchContext,
  uri: string,
  seg: DispatchedSegment,
): Promise<GatewayRendition[]> {
  try {
    return await attempt(ctx, uri, seg, await session(ctx, uri, seg))
  } catch (err) {
    if (!(err instanceof GatewayOrchestratorError) || err.status !== 400 || !EXPIRED.test(err.details))
      throw err
    // go-livepeer's gateway refreshes expired params and sends again
    return attempt(ctx, uri, seg, await refresh(ctx, uri, seg))
  }
}

async function session(
  ctx: DispatchContext,
  uri: string,
  seg: DispatchedSegment,
): Promise<net.OrchestratorInfo> {
  try {
    return await ctx.sessions.current(seg.stream, uri)
  } catch (err) {
    throw new GatewayOrchestratorError(uri, 0, `GetOrchestrator: ${(err as Error).message}`, err)
  }
}

async function refresh(
  ctx: DispatchContext,
  uri: string,
  seg: DispatchedSegment,
): Promise<net.OrchestratorInfo> {
  try {
    return await ctx.sessions.refresh(seg.stream, uri)
  } catch (err) {
    throw new GatewayOrchestratorError(uri, 0, `GetOrchestrator: ${(err as Error).message}`, err)
  }
}

async function attempt(
  ctx: DispatchContext,
  uri: string,
  seg: DispatchedSegment,
  info: net.OrchestratorInfo,
): Promise<GatewayRendition[]> {
  const durationMs = Math.round(seg.durationMs)
  const segData = buildSegData({
    manifestId: seg.stream,
    seq: BigInt(seg.seq),
    durationMs,
    capabilities: ctx.capabilities,
    ...(info.authToken ? { authToken: info.authToken } : {}),
    profiles: ctx.profiles,
  })
  // keccak256(segment), with the unrolled Keccak (a fifth of viem's CPU on segment-sized bodies)
  segData.hash = keccak256Bytes(seg.data)
  if (ctx.signer) segData.sig = await signSegData(ctx.signer, segData)
  const req: SegmentPaymentRequest = { uri, info, profiles: ctx.profiles, durationMs }
  let paymentHeader = ''
  if (ctx.payer) {
    const p = await ctx.payer.paymentFor(req)
    paymentHeader = p.header
    ctx.metrics?.ticketsSent.inc(p.tickets)
  }
  let data: net.TranscodeData
  try {
    const result = await sendSegment({
      uri: info.transcoder || uri,
      seg: segData,
      body: seg.data,
      paymentHeader,
      durationMs,
      ...(ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs }),
      ...(ctx.headerTimeoutMs === undefined ? {} : { headerTimeoutMs: ctx.headerTimeoutMs }),
    })
    if (result.info) ctx.sessions.update(seg.stream, uri, result.info)
    if (result.result.case === 'error') throw new GatewayOrchestratorError(uri, 200, result.result.value)
    if (result.result.case !== 'data') throw new GatewayOrchestratorError(uri, 200, 'UnknownResponse')
    data = result.result.value
    if (data.segments.length !== ctx.profiles.length)
      throw new GatewayOrchestratorError(
        uri,
        200,
        `${data.segments.length} renditions for ${ctx.profiles.length} profiles`,
      )
  } catch (err) {
    ctx.payer?.handleFailure(req)
    throw err
  }
  const pixels = data.segments.reduce((a, s) => a + s.pixels, 0n)
  ctx.payer?.handleResult(req, pixels)
  const bytes = await Promise.all(data.segments.map((s) => fetchRendition(uri, s.url)))
  if (ctx.signer) checkSignature(uri, info, bytes, data.sig)
  const price = ctx.payer ? info.priceInfo : undefined
  return data.segments.map((s, i) => {
    const p = ctx.profiles[i]!
    const feeWei =
      price && price.pixelsPerUnit > 0n ? (s.pixels * price.pricePerUnit) / price.pixelsPerUnit : 0n
    const area = p.width * p.height
    return {
      profile: p.name,
      width: p.width,
      height: p.height,
      frames: area > 0 ? Math.round(Number(s.pixels) / area) : 0,
      pixels: Number(s.pixels),
      data: bytes[i]!,
      feeWei,
    }
  })
}

/**
 * On chain, the renditions must be signed by the orchestrator's address (its ticket recipient when
 * the address is zero).
 * @throws GatewayResultSigInvalidError
 */
function checkSignature(
  uri: string,
  info: net.OrchestratorInfo,
  renditions: readonly Uint8Array[],
  sig: Uint8Array,
): void {
  const expected = expectedResultSigner(info)
  if (!expected) return
  const signer = recoverTranscodeResultSigner(renditions, sig)
  if (signer?.toLowerCase() !== expected.toLowerCase())
    throw new GatewayResultSigInvalidError(uri, `signed by ${signer ?? 'nobody'}, expected ${expected}`)
}
