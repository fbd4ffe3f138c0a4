/**
 * The headless gateway's core: takes source segments (from RTMP or any ingest) and sends each one,
 * over go-livepeer's protocol (gRPC GetOrchestrator sessions, `POST /segment`, renditions by URL;
 * see `dispatch/dispatchSegment.ts`), with payment, to the first usable orchestrator; retries on
 * the next one on failure (`maxAttempts`), verifies a sampled fraction against a second
 * orchestrator (or a local transcode), suspends orchestrators that fail or cheat, and publishes the
 * renditions as HLS. With a payer it is on chain (signed requests and segments, tickets); without
 * one, off chain (zero address, no signatures, empty payment).
 */
import { EventEmitter } from 'node:events'
import {
  isBaseError,
  type net,
  netCapabilities,
  OFFCHAIN_REQUEST_CREDENTIALS,
  signOrchestratorRequest,
  toNetVideoProfiles,
  transcodeJobCapabilities,
} from '@prism/protocol'
import { transcodeSegment } from '../media/ffmpeg/transcodeSegment.ts'
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/GatewayMetrics.ts'
import { type DispatchContext, dispatchSegment } from './dispatch/dispatchSegment.ts'
import { OrchestratorSessions } from './dispatch/OrchestratorSessions.ts'
import {
  GatewayKeyInvalidError,
  GatewayNoOrchestratorError,
  GatewaySegmentFailedError,
  GatewayVerificationFailedError,
} from './errors.ts'
import type { GatewayEvents, GatewayOptions } from './GatewayTypes.ts'
import { HlsPublisher, SOURCE_RENDITION } from './http/hlsPublisher.ts'
import { LiveAiStreams } from './live/LiveAiStreams.ts'
import { OrchestratorPool } from './selection/OrchestratorPool.ts'
import { checkRenditions, compareRenditions, type GatewayRendition } from './verification/verifyRenditions.ts'

/** One source segment handed to the gateway. */
export type SourceSegment = { stream: string; seq: number; data: Uint8Array; durationMs: number }

/** Segments of one stream `enqueue` keeps in flight by default. */
export const SEGMENT_PIPELINE_DEPTH = 2

/** A transcoded (and, when sampled, verified) segment waiting to be published. */
type Transcoded = { renditions: GatewayRendition[]; uri: string; verified: boolean }

/** A stream's segments in `enqueue`. */
type StreamPipeline = {
  /** When the last queued segment started (starts keep the ingest order). */
  started: Promise<void>
  /** Transcodes of the last `depth` segments, settled. */
  inFlight: Promise<void>[]
  /** When the last queued segment was published (or failed). */
  done: Promise<void>
}

/**
 * Gateway core.
 *
 * @example
 * const gw = new Gateway({ orchAddrs: ['https://127.0.0.1:8935'], profiles })
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
  /** Transcoding sessions per (stream, orchestrator); discovery seeds them. */
  readonly sessions: OrchestratorSessions
  /** Live AI streams (`liveAi` option): every stream goes to a live-video-to-video job instead. */
  readonly liveAi: LiveAiStreams | undefined
  private readonly opts: GatewayOptions
  private readonly dispatch: DispatchContext
  private readonly pipelines = new Map<string, StreamPipeline>()
  private readonly ending = new Map<string, Promise<void>>()

  /**
   * @throws GATEWAY_KEY_INVALID when a payer is given without the account that signs for it;
   *   WIRE_PROFILE_NAME_EMPTY for a profile without a name.
   */
  constructor(opts: GatewayOptions) {
    super()
    this.opts = opts
    this.pool = new OrchestratorPool(opts.orchAddrs, { penalty: opts.suspendPenalty ?? 5 })
    const signer = opts.payer ? opts.account : undefined
    if (opts.payer && !signer) throw new GatewayKeyInvalidError('a paying gateway needs its account')
    const profiles = toNetVideoProfiles(opts.profiles)
    const capabilities = netCapabilities({ capabilities: transcodeJobCapabilities({ profiles }) })
    this.sessions = new OrchestratorSessions({
      credentials: signer ? signOrchestratorRequest(signer) : OFFCHAIN_REQUEST_CREDENTIALS,
      capabilities,
      ...(opts.currentBlock ? { currentBlock: opts.currentBlock } : {}),
    })
    this.liveAi = opts.liveAi
      ? new LiveAiStreams(opts.liveAi, {
          hls: this.hls,
          pool: this.pool,
          credentials: signer ? signOrchestratorRequest(signer) : OFFCHAIN_REQUEST_CREDENTIALS,
          ...(signer ? { signer } : {}),
          ...(opts.currentBlock ? { currentBlock: opts.currentBlock } : {}),
          ...(opts.payer && signer && opts.currentBlock
            ? { payments: { account: signer, getBlockNumber: opts.currentBlock } }
            : {}),
        })
      : undefined
    this.dispatch = {
      sessions: this.sessions,
      profiles,
      capabilities,
      metrics: this.metrics,
      ...(signer ? { signer } : {}),
      ...(opts.payer ? { payer: opts.payer } : {}),
      ...(opts.segmentTimeoutMs === undefined ? {} : { timeoutMs: opts.segmentTimeoutMs }),
      ...(opts.headerTimeoutMs === undefined ? {} : { headerTimeoutMs: opts.headerTimeoutMs }),
    }
  }

  /** The GetOrchestrator request discovery sends (signed on chain). */
  orchestratorRequest(): Promise<net.OrchestratorRequest> {
    return this.sessions.request()
  }

  /**
   * Queues a segment. Up to `pipelineDepth` segments of a stream are sent at once (the next while
   * one transcodes), started in ingest order; their renditions are published in order, each once
   * the ones before it are published or failed.
   * @returns when the segment is published or failed (never rejects).
   */
  enqueue(seg: SourceSegment): Promise<void> {
    const depth = this.liveAi ? 1 : Math.max(1, this.opts.pipelineDepth ?? SEGMENT_PIPELINE_DEPTH)
    const q = this.pipelines.get(seg.stream) ?? {
      started: Promise.resolve(),
      inFlight: [],
      done: Promise.resolve(),
    }
    this.pipelines.set(seg.stream, q)
    // starts after the segment before it started and once fewer than `depth` are in flight
    const slot = q.inFlight.length >= depth ? q.inFlight.shift()! : Promise.resolve()
    let begin!: () => void
    const started = new Promise<void>((r) => {
      begin = r
    })
    const work = Promise.all([q.started, slot]).then(() => this.transcode(seg, begin))
    work.catch(() => begin())
    q.started = started
    q.inFlight.push(work.then(noop, noop))
    q.done = Promise.all([q.done, work.then(noop, noop)]).then(async () => {
      const result = await work.catch(() => undefined)
      if (result) this.publish(seg, result)
    })
    return q.done
  }

  /**
   * Marks a stream finished (HLS ENDLIST) after its queued segments and ends its sessions
   * (EndTranscodingSession to each orchestrator it used).
   */
  endStream(stream: string): Promise<void> {
    // a second call while the first runs (ingest end, then the caller) waits for the same end
    const running = this.ending.get(stream)
    if (running) return running
    const end = (async () => {
      await this.pipelines.get(stream)?.done
      await this.liveAi?.endStream(stream)
      this.hls.endStream(stream)
      const ended = await this.sessions.endStream(stream)
      this.opts.payer?.forget(ended)
    })().finally(() => this.ending.delete(stream))
    this.ending.set(stream, end)
    return end
  }

  /** Waits until every queued segment is processed. */
  async drain(): Promise<void> {
    await Promise.all([...this.pipelines.values()].map((q) => q.done))
  }

  /**
   * Transcodes and publishes one segment.
   *
   * @throws GatewaySegmentFailedError (`GATEWAY_SEGMENT_FAILED`) when every attempt failed.
   */
  async handleSegment(seg: SourceSegment): Promise<void> {
    const result = await this.transcode(seg)
    if (result) this.publish(seg, result)
  }

  /**
   * Opens the stream's run and publishes the source (synchronously, before `started` is called),
   * then sends the segment to orchestrators until one returns renditions (verified when sampled).
   * Live AI streams go to their job instead and return nothing to publish.
   *
   * @throws GatewaySegmentFailedError (`GATEWAY_SEGMENT_FAILED`) when every attempt failed.
   */
  private async transcode(seg: SourceSegment, started: () => void = noop): Promise<Transcoded | undefined> {
    if (this.liveAi) {
      started()
      await this.liveAi.handleSegment(seg)
      return undefined
    }
    const { profiles } = this.opts
    // a stream that ended, or whose ingest counts from 0 again, is a publisher's reconnect: new run
    if (!this.hls.isLive(seg.stream) || (seg.seq === 0 && this.hls.hasRun(seg.stream)))
      this.hls.openStream(seg.stream, profiles)
    // the source as ingested (video and audio) is a rendition of its own
    this.hls.addSegment(seg.stream, SOURCE_RENDITION, seg.seq, seg.durationMs, seg.data)
    started()
    this.metrics.segmentsIn.inc()
    this.pool.tick()
    const maxAttempts = this.opts.maxAttempts ?? 3
    const verify = (this.opts.random ?? Math.random)() < (this.opts.verifyFreq ?? 0)
    const tried = new Set<string>()
    let lastError: unknown = new GatewayNoOrchestratorError()

    const attempt = (uri: string): Promise<GatewayRendition[]> => dispatchSegment(this.dispatch, uri, seg)

    for (let n = 0; n < maxAttempts; n++) {
      const uri = this.pool.candidates().find((u) => !tried.has(u))
      if (!uri) break
      tried.add(uri)
      try {
        const renditions = await attempt(uri)
        if (!verify) return { renditions, uri, verified: false }
        const outcome = await this.verify(seg, uri, renditions, tried, attempt)
        return { renditions: outcome.renditions, uri: outcome.uri, verified: true }
      } catch (err) {
        lastError = err
        const reason = isBaseError(err) ? `${err.code}: ${err.details || err.shortMessage}` : String(err)
        this.pool.suspend(uri)
        // the orchestrator's session is gone with its failure: a later segment starts a new one
        const dropped = this.sessions.drop(seg.stream, uri)
        if (dropped) this.opts.payer?.forget([dropped])
        if (n + 1 < maxAttempts) this.metrics.swaps.inc()
        this.emit('swap', { stream: seg.stream, seq: seg.seq, uri, reason })
      }
    }
    this.metrics.segmentsFailed.inc()
    const error = new GatewaySegmentFailedError(seg.seq, tried.size, lastError)
    this.emit('segmentFailed', { stream: seg.stream, seq: seg.seq, error })
    throw error
  }

  /** Publishes a transcoded segment's renditions and reports it (`segment`). */
  private publish(seg: SourceSegment, { renditions, uri, verified }: Transcoded): void {
    for (const r of renditions) this.hls.addSegment(seg.stream, r.profile, seg.seq, seg.durationMs, r.data)
    this.metrics.segmentsTranscoded.inc()
    this.emit('segment', {
      stream: seg.stream,
      seq: seg.seq,
      uri,
      pixels: renditions.reduce((a, r) => a + r.pixels, 0),
      verified,
      renditions: renditions.map((r) => r.profile),
      feeWei: renditions.reduce((a, r) => a + (r.feeWei ?? 0n), 0n),
    })
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

function noop(): void {}
