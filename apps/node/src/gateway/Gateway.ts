/**
 * The headless gateway's core: takes source segments (from RTMP or any ingest), signs each one,
 * sends it with payment to the first usable orchestrator, retries on the next one on failure
 * (`maxAttempts`), verifies a sampled fraction against a second orchestrator (or a local transcode),
 * suspends orchestrators that fail or cheat, and publishes the renditions as HLS.
 */
import { EventEmitter } from 'node:events'
import { isBaseError, profilesToBytes, type SegData, signSegment } from '@prism/protocol'
import { keccak256 } from 'viem'
import { transcodeSegment } from '../media/ffmpeg/transcodeSegment.ts'
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/GatewayMetrics.ts'
import { sendSegment } from './dispatch/sendSegment.ts'
import {
  GatewayNoOrchestratorError,
  GatewaySegmentFailedError,
  GatewayVerificationFailedError,
} from './errors.ts'
import type { GatewayEvents, GatewayOptions } from './GatewayTypes.ts'
import { HlsPublisher } from './http/hlsPublisher.ts'
import type { SegmentPaymentRequest } from './payment/SegmentPayer.ts'
import { OrchestratorPool } from './selection/OrchestratorPool.ts'
import { checkRenditions, compareRenditions, type GatewayRendition } from './verification/verifyRenditions.ts'

/** One source segment handed to the gateway. */
export type SourceSegment = { stream: string; seq: number; data: Uint8Array; durationMs: number }

/**
 * Gateway core.
 *
 * @example
 * const gw = new Gateway({ account, orchAddrs: ['http://127.0.0.1:8935'], profiles })
 * await gw.handleSegment({ stream: 'cam', seq: 0, data, durationMs: 2000 })
 * gw.hls.masterPlaylist('cam')
 */
export class Gateway extends EventEmitter<GatewayEvents> {
  /** HLS output for viewers. */
  readonly hls = new HlsPublisher()
  /** Prometheus metrics. */
  readonly metrics: GatewayMetrics = createGatewayMetrics()
  /** Orchestrators and suspensions. */
  readonly pool: OrchestratorPool
  private readonly opts: GatewayOptions
  private readonly queues = new Map<string, Promise<void>>()

  constructor(opts: GatewayOptions) {
    super()
    this.opts = opts
    this.pool = new OrchestratorPool(opts.orchAddrs, { penalty: opts.suspendPenalty ?? 5 })
  }

  /** Queues a segment; segments of one stream are processed in order. */
  enqueue(seg: SourceSegment): Promise<void> {
    const prev = this.queues.get(seg.stream) ?? Promise.resolve()
    const next = prev.then(() => this.handleSegment(seg).catch(() => {}))
    this.queues.set(seg.stream, next)
    return next
  }

  /** Marks a stream finished (HLS ENDLIST) after its queued segments. */
  async endStream(stream: string): Promise<void> {
    await this.queues.get(stream)
    this.hls.endStream(stream)
  }

  /** Waits until every queued segment is processed. */
  async drain(): Promise<void> {
    await Promise.all(this.queues.values())
  }

  /**
   * Transcodes and publishes one segment.
   *
   * @throws GatewaySegmentFailedError (`GATEWAY_SEGMENT_FAILED`) when every attempt failed.
   */
  async handleSegment(seg: SourceSegment): Promise<void> {
    const { profiles } = this.opts
    if (!this.hls.streamNames().includes(seg.stream)) this.hls.openStream(seg.stream, profiles)
    this.metrics.segmentsIn.inc()
    this.pool.tick()
    const fields = {
      manifestId: seg.stream,
      seq: BigInt(seg.seq),
      hash: keccak256(seg.data),
      profiles: profilesToBytes(profiles.map((p) => p.name)),
    }
    const signed: SegData = {
      ...fields,
      sig: await signSegment(this.opts.account, fields),
      duration: seg.durationMs,
    }
    const timeoutMs = this.opts.segmentTimeoutMs ?? Math.max(8000, 4 * seg.durationMs)
    const maxAttempts = this.opts.maxAttempts ?? 3
    const verify = (this.opts.random ?? Math.random)() < (this.opts.verifyFreq ?? 0)
    const tried = new Set<string>()
    let lastError: unknown = new GatewayNoOrchestratorError()

    const attempt = async (uri: string): Promise<GatewayRendition[]> => {
      const req: SegmentPaymentRequest = {
        uri,
        manifestId: seg.stream,
        profiles,
        durationMs: seg.durationMs,
      }
      let paymentHeader: string | undefined
      if (this.opts.payer) {
        const p = await this.opts.payer.paymentFor(req)
        paymentHeader = p.header
        this.metrics.ticketsSent.inc(p.tickets)
      }
      try {
        const result = await sendSegment({
          uri,
          seg: signed,
          body: seg.data,
          timeoutMs,
          ...(paymentHeader === undefined ? {} : { paymentHeader }),
        })
        const renditions = result.renditions.map((r) => ({ ...r, data: Buffer.from(r.data, 'base64') }))
        this.opts.payer?.handleResult(req, BigInt(renditions.reduce((a, r) => a + r.pixels, 0)))
        return renditions
      } catch (err) {
        this.opts.payer?.handleFailure(req)
        throw err
      }
    }

    for (let n = 0; n < maxAttempts; n++) {
      const uri = this.pool.candidates().find((u) => !tried.has(u))
      if (!uri) break
      tried.add(uri)
      try {
        let renditions = await attempt(uri)
        let usedUri = uri
        if (verify) {
          const outcome = await this.verify(seg, uri, renditions, tried, attempt)
          renditions = outcome.renditions
          usedUri = outcome.uri
        }
        for (const r of renditions)
          this.hls.addSegment(seg.stream, r.profile, seg.seq, seg.durationMs, r.data)
        this.metrics.segmentsTranscoded.inc()
        const pixels = renditions.reduce((a, r) => a + r.pixels, 0)
        this.emit('segment', { stream: seg.stream, seq: seg.seq, uri: usedUri, pixels, verified: verify })
        return
      } catch (err) {
        lastError = err
        const reason = isBaseError(err) ? `${err.code}: ${err.details || err.shortMessage}` : String(err)
        this.pool.suspend(uri)
        if (n + 1 < maxAttempts) this.metrics.swaps.inc()
        this.emit('swap', { stream: seg.stream, seq: seg.seq, uri, reason })
      }
    }
    this.metrics.segmentsFailed.inc()
    const error = new GatewaySegmentFailedError(seg.seq, tried.size, lastError)
    this.emit('segmentFailed', { stream: seg.stream, seq: seg.seq, error })
    throw error
  }

  /**
   * Verifies `renditions` from `uri`: structural check, then comparison with a second orchestrator
   * (or a local transcode when none is left). Returns the renditions to publish.
   *
   * @throws GatewayVerificationFailedError (`GATEWAY_VERIFICATION_FAILED`) when `uri` is found cheating.
   */
  private async verify(
    seg: SourceSegment,
    uri: string,
    renditions: GatewayRendition[],
    tried: Set<string>,
    attempt: (uri: string) => Promise<GatewayRendition[]>,
  ): Promise<{ uri: string; renditions: GatewayRendition[] }> {
    const { profiles } = this.opts
    const fail = (who: string, reason: string, type: '1' | '2'): GatewayVerificationFailedError => {
      this.metrics.verificationFailed.inc({ fverror_type: type })
      this.emit('verificationFailed', { stream: seg.stream, seq: seg.seq, uri: who, reason })
      return new GatewayVerificationFailedError(`${who}: ${reason}`)
    }
    const own = await checkRenditions(renditions, profiles)
    if (own) throw fail(uri, own, '2')
    this.metrics.verificationDone.inc()
    const otherUri = this.pool.candidates().find((u) => !tried.has(u) && u !== uri)
    let other: GatewayRendition[] | undefined
    let otherLabel = 'local transcode'
    if (otherUri) {
      try {
        other = await attempt(otherUri)
        otherLabel = otherUri
        const why = await checkRenditions(other, profiles)
        if (why) {
          // The second orchestrator cheats: suspend it, keep the first result.
          fail(otherUri, why, '2')
          this.pool.suspend(otherUri)
          tried.add(otherUri)
          return { uri, renditions }
        }
      } catch {
        other = undefined
      }
    }
    if (!other) {
      other = await transcodeSegment(seg.data, profiles)
      otherLabel = 'local transcode'
    }
    for (let i = 0; i < profiles.length; i++) {
      const score = await compareRenditions(renditions[i]!, other[i]!, profiles[i]!)
      if (score < (this.opts.minSsim ?? 0.9))
        throw fail(uri, `${profiles[i]!.name}: SSIM ${score.toFixed(3)} vs ${otherLabel}`, '2')
    }
    return { uri, renditions }
  }
}
