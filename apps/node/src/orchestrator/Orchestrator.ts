/**
 * The Orchestrator: owns the sessions (by id and by stream), the pipeline-kind registry, the
 * encoder choice and the payments hook. Only it creates sessions; closing it closes them all.
 * Its SessionAdmission decides which sessions count against `maxSessions` (connected and
 * prepaid ones) and bounds the offers still connecting.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isBaseError } from '@prism/protocol'
import { EnhancedEventEmitter } from '../lib/EnhancedEventEmitter.ts'
import { logger } from '../lib/logger.ts'
import { type EncoderChoice, selectH264Encoder } from '../media/ffmpeg/selectEncoder.ts'
import { MediaPeer } from '../webrtc/MediaPeer.ts'
import { MediaPlane } from '../webrtc/mediasoup/MediaPlane.ts'
import { inspectOffer } from '../webrtc/sdpOffer.ts'
import {
  PipelineKindUnsupportedError,
  PipelineSpecInvalidError,
  SessionLimitError,
  SessionNotFoundError,
  StreamIdInvalidError,
  StreamInUseError,
} from './errors.ts'
import type {
  CreateSessionParameters,
  OrchestratorEvents,
  OrchestratorObserverEvents,
  OrchestratorOptions,
  PaymentsHandler,
} from './OrchestratorTypes.ts'
import { passthroughKind } from './pipelines/PassthroughPipeline.ts'
import type { PipelineKind } from './pipelines/PipelineTypes.ts'
import { DEFAULT_TRANSCODE_PROFILES, transcodeKind } from './pipelines/transcodeKind.ts'
import { Session } from './sessions/Session.ts'
import { SessionAdmission } from './sessions/SessionAdmission.ts'
import { bindSessionSender } from './sessions/sessionSender.ts'

const STREAM_ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The orchestrator's object root.
 *
 * @example
 * const orch = new Orchestrator({ maxSessions: 4 })
 * await orch.start()
 * const { session, answerSdp } = await orch.createSession({ streamId: 'cam1', offerSdp })
 * await orch.close()
 */
export class Orchestrator extends EnhancedEventEmitter<OrchestratorEvents> {
  /** Monitoring events (metrics subscribe here). */
  readonly observer = new EnhancedEventEmitter<OrchestratorObserverEvents>()
  readonly maxSessions: number
  readonly dataDir: string
  readonly transcodingOptions: string[]
  readonly #kinds = new Map<string, PipelineKind<unknown>>()
  readonly #sessions = new Map<string, Session>()
  readonly #byStream = new Map<string, Session>()
  readonly #options: OrchestratorOptions
  readonly #ownsDataDir: boolean
  readonly #admission: SessionAdmission
  #payments: PaymentsHandler | undefined
  #encoder: EncoderChoice = { encoder: 'libx264', reason: 'not probed yet' }
  #mediaPlane: MediaPlane | undefined
  #closed = false

  constructor(options: OrchestratorOptions = {}) {
    super()
    this.#options = options
    this.maxSessions = options.maxSessions ?? 10
    this.transcodingOptions = options.transcodingOptions ?? DEFAULT_TRANSCODE_PROFILES
    this.#ownsDataDir = options.dataDir === undefined
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'prism-orch-'))
    this.#payments = options.payments
    this.#admission = new SessionAdmission({
      maxSessions: this.maxSessions,
      maxPendingSessions: options.maxPendingSessions ?? Math.max(2 * this.maxSessions, 8),
      maxPendingPerAddress: options.maxPendingPerAddress ?? 4,
      admitTimeoutMs: options.admitTimeoutMs ?? 15_000,
      onRefused: (code) => this.observer.safeEmit('sessionrefused', code),
    })
    for (const k of [
      passthroughKind,
      transcodeKind(this.transcodingOptions),
      ...(options.pipelineKinds ?? []),
    ])
      this.registerPipelineKind(k as PipelineKind<unknown>)
  }

  /**
   * Probes the encoder (h264_nvenc test encode) and logs the choice; starts the media plane when
   * configured.
   *
   * @throws MediasoupWorkerUnavailableError (`MEDIASOUP_WORKER_UNAVAILABLE`) when its workers cannot start.
   */
  async start(): Promise<void> {
    this.#encoder = await selectH264Encoder(this.#options.nvidia ?? 'auto')
    logger.info(`encoder: ${this.#encoder.encoder} (${this.#encoder.reason})`)
    this.observer.safeEmit('encoder', this.#encoder)
    const plane = this.#options.mediaPlane
    if (plane && !this.#mediaPlane)
      this.#mediaPlane = await MediaPlane.create({
        loopbackOnly: this.#options.loopbackOnly ?? true,
        ...plane,
      })
  }

  /** The mediasoup media plane (WHEP viewers), when configured and started. */
  get mediaPlane(): MediaPlane | undefined {
    return this.#mediaPlane
  }

  /** Adds (or replaces) a pipeline kind. */
  registerPipelineKind(kind: PipelineKind<unknown>): void {
    this.#kinds.set(kind.kind, kind)
  }

  /** Sets the payments manager (PLUG POINT for issue 5). */
  setPayments(payments: PaymentsHandler | undefined): void {
    this.#payments = payments
  }

  /** The H.264 encoder in use and why. */
  get encoder(): EncoderChoice {
    return this.#encoder
  }

  /** Registered pipeline kinds. */
  get pipelineKinds(): PipelineKind<unknown>[] {
    return [...this.#kinds.values()]
  }

  /** Live sessions, admitted or still pending (connecting, awaiting prepayment). */
  get sessions(): Session[] {
    return [...this.#sessions.values()]
  }

  /** Sessions counting against `maxSessions` (admitted) and offers not admitted yet (pending). */
  get sessionCounts(): { admitted: number; pending: number } {
    return { admitted: this.#admission.admittedCount, pending: this.#admission.pendingCount }
  }

  /** A session by id, or undefined. */
  getSession(id: string): Session | undefined {
    return this.#sessions.get(id)
  }

  /** The live session of a stream, or undefined. */
  getSessionByStream(streamId: string): Session | undefined {
    return this.#byStream.get(streamId)
  }

  /** HLS folder of a stream. */
  hlsDir(streamId: string): string {
    return join(this.dataDir, 'hls', streamId)
  }

  /**
   * Validates the request, negotiates WebRTC, creates the session and starts its pipeline. The
   * session is pending until its peer connects (and, when the payments hook gated it, until it is
   * prepaid); only then does it count against `maxSessions`.
   *
   * @throws StreamIdInvalidError `STREAM_ID_INVALID`, SessionLimitError `SESSION_LIMIT_REACHED`,
   * SessionPendingLimitError `SESSION_PENDING_LIMIT`,
   * StreamInUseError `STREAM_IN_USE`, PipelineSpecInvalidError `PIPELINE_SPEC_INVALID`,
   * PipelineKindUnsupportedError `PIPELINE_KIND_UNSUPPORTED`, SdpMalformedError `SDP_MALFORMED`,
   * SdpFingerprintInvalidError `SDP_FINGERPRINT_INVALID`,
   * SdpCodecUnsupportedError `SDP_CODEC_UNSUPPORTED`, SessionSenderRequiredError
   * `SESSION_SENDER_REQUIRED` (a paid node's offer without a signed sender),
   * SessionSenderSigInvalidError `SESSION_SENDER_SIG_INVALID`, WebrtcNegotiationError
   * `WEBRTC_NEGOTIATION_FAILED`, MediaProcessError `MEDIA_PROCESS_FAILED`, or a payments error.
   */
  async createSession(params: CreateSessionParameters): Promise<{ session: Session; answerSdp: string }> {
    if (!STREAM_ID.test(params.streamId)) throw new StreamIdInvalidError(params.streamId)
    if (this.#closed || this.#admission.admittedCount >= this.maxSessions) {
      this.observer.safeEmit('sessionrefused', 'SESSION_LIMIT_REACHED')
      throw new SessionLimitError(this.maxSessions)
    }
    if (this.#byStream.has(params.streamId)) throw new StreamInUseError(params.streamId)
    const given = params.pipeline ?? { kind: 'passthrough' }
    // `version` defaults to 1 so `{ "kind": "passthrough" }` is enough on the query string.
    const raw = typeof given === 'object' && given !== null ? { version: 1, ...given } : given
    const kindName = (raw as { kind?: unknown } | null)?.kind
    if (typeof kindName !== 'string') throw new PipelineSpecInvalidError('the spec has no "kind"')
    const kind = this.#kinds.get(kindName)
    if (!kind) throw new PipelineKindUnsupportedError(kindName, [...this.#kinds.keys()])
    const spec = kind.decodeSpec(raw)
    const offer = inspectOffer(params.offerSdp)
    const sender = bindSessionSender(params, this.#payments?.senderRequired?.() ?? false)
    const slot = this.#admission.reserve(params.remoteAddress)
    let session: Session | undefined
    try {
      // the gateway's preference order decides the codec; with a media plane the session
      // terminates on mediasoup, else on werift
      const plane = this.#mediaPlane
      const { peer, answerSdp, codec } = plane
        ? await plane.answerWhip(params.offerSdp, {
            codecs: offer.videoCodecs,
            loopback: kind.returnsInput === true,
          })
        : await MediaPeer.answer(params.offerSdp, {
            loopbackOnly: this.#options.loopbackOnly ?? true,
            codecs: offer.videoCodecs,
          })
      session = new Session({
        id: randomBytes(8).toString('hex'),
        streamId: params.streamId,
        peer,
        codec,
        ...(sender ? { sender } : {}),
        ...(params.remoteAddress ? { remoteAddress: params.remoteAddress } : {}),
        connectTimeoutMs: this.#options.connectTimeoutMs ?? 5_000,
      })
      this.#adopt(session)
      await session.createPipeline(kind, spec, {
        encoder: this.#encoder.encoder,
        hlsDir: this.hlsDir(params.streamId),
        maxQueuedFrames: this.#options.maxQueuedFrames ?? 2,
      })
      await this.#payments?.handleSessionStart(session)
      // output paused by the payments hook = awaiting prepayment: admitted once it is released
      slot.attach(session, session.outputPaused)
      this.observer.safeEmit('newsession', session)
      logger.info(
        `session ${session.id} (${params.streamId}) started: ${kindName}, ${codec}, on ${plane ? 'mediasoup' : 'werift'}`,
      )
      return { session, answerSdp }
    } catch (err) {
      slot.release()
      await session?.close(`start failed: ${isBaseError(err) ? err.code : String(err)}`)
      throw err
    }
  }

  #adopt(session: Session): void {
    this.#sessions.set(session.id, session)
    this.#byStream.set(session.streamId, session)
    const payments = () => this.#payments
    session.on('outputpixels', (r) => payments()?.handleOutputPixels(session, r.pixels, r))
    session.on('paymentmessage', (m) => {
      Promise.resolve(payments()?.handlePaymentMessage(session, m)).catch((err: unknown) =>
        logger.warn(`payment message of ${session.id} failed`, err),
      )
    })
    session.once('@close', () => {
      this.#sessions.delete(session.id)
      if (this.#byStream.get(session.streamId) === session) this.#byStream.delete(session.streamId)
      try {
        payments()?.handleSessionClose(session)
      } catch (err) {
        logger.warn('payments handleSessionClose threw', err)
      }
    })
  }

  /**
   * Closes one session by id.
   *
   * @throws SessionNotFoundError (`SESSION_NOT_FOUND`) when there is none.
   */
  async closeSession(id: string, reason = 'closed by operator'): Promise<void> {
    const s = this.#sessions.get(id)
    if (!s) throw new SessionNotFoundError(id)
    await s.close(reason)
  }

  /** Closes every session, then removes the temp data folder it created. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#admission.close()
    await Promise.all(this.sessions.map((s) => s.close('orchestrator closing')))
    await Promise.all(this.pipelineKinds.map((k) => k.close?.()))
    await this.#mediaPlane?.close()
    if (this.#ownsDataDir && !this.#options.keepHls) await rm(this.dataDir, { recursive: true, force: true })
    this.safeEmit('close')
  }
}
