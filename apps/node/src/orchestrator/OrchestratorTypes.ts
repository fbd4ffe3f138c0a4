/**
 * Contract of the Orchestrator: options (with defaults), events, observer events and the
 * payments plug point.
 */
import type { EncoderChoice } from '../media/ffmpeg/selectEncoder.ts'
import type { MediaPlaneOptions } from '../webrtc/mediasoup/MediaPlane.ts'
import type { OutputPixels, PipelineKind } from './pipelines/PipelineTypes.ts'
import type { Session } from './sessions/Session.ts'

/**
 * PLUG POINT (payments, issue 5). The orchestrator calls these; all are optional to await.
 * - `handleSessionStart(session)`: right after the pipeline started, before the answer is sent.
 *   Gate output here with `session.setOutputPaused(true, 'awaiting prepayment')` and release it
 *   later with `session.setOutputPaused(false, …)`. Throwing a BaseError refuses the session
 *   (its httpStatus and code go back to the WHIP POST).
 * - `handlePaymentMessage(session, message)`: each message of the `payment` data channel
 *   (protobuf bytes or JSON text). Answer with `session.sendPaymentEvent(…)`.
 * - `handleOutputPixels(session, pixels, report)`: output pixels to debit (per rendition report).
 * - `handleSessionClose(session)`: the session closed (any reason).
 */
export interface PaymentsHandler {
  handleSessionStart(session: Session): void | Promise<void>
  handlePaymentMessage(session: Session, message: string | Uint8Array): void | Promise<void>
  handleOutputPixels(session: Session, pixels: number, report: OutputPixels): void
  handleSessionClose(session: Session): void
  /**
   * True when new sessions must be bound to their ticket sender (a paid node): the WHIP offer then
   * has to name and sign it. Default (absent): false.
   */
  senderRequired?(): boolean
}

/** Options of the Orchestrator. */
export type OrchestratorOptions = {
  /**
   * Max concurrent admitted sessions: a session counts once its peer connected (ICE and DTLS) and,
   * when the payments hook paused its output at start, once that gate opened (prepaid). Default: 10.
   */
  maxSessions?: number
  /**
   * Max sessions not admitted yet (offers still connecting or awaiting prepayment), all addresses
   * together. When full, the oldest offer whose peer has not connected is closed to make room.
   * Default: twice `maxSessions`, at least 8.
   */
  maxPendingSessions?: number
  /** Max sessions not admitted yet per remote address (IPv6: per /64). Default: 4. */
  maxPendingPerAddress?: number
  /** Default transcode ladder (profile names). Default: ['P360p30fps16x9', 'P240p30fps16x9']. */
  transcodingOptions?: string[]
  /** NVENC probe: true/'auto' probe h264_nvenc at start, false uses libx264. Default: 'auto'. */
  nvidia?: boolean | 'auto'
  /** Data folder; HLS goes to `<dataDir>/hls/<stream>/`. Default: a fresh temp folder. */
  dataDir?: string
  /** Restrict WebRTC ICE to 127.0.0.1 (dev/tests). Default: true. */
  loopbackOnly?: boolean
  /** Extra pipeline kinds (e.g. `ai`); `passthrough` and `transcode` are built in. Default: []. */
  pipelineKinds?: PipelineKind<never>[] | PipelineKind<unknown>[]
  /** Payments manager. Default: none (sessions are free). */
  payments?: PaymentsHandler
  /** Frames waiting in a frame pipeline's queue; when full, the oldest is dropped. Default: 2. */
  maxQueuedFrames?: number
  /** Close a session whose peer has not connected after this long. Default: 5000 ms. */
  connectTimeoutMs?: number
  /** Close a session not admitted (connected and, when gated, prepaid) after this long. Default: 15000 ms. */
  admitTimeoutMs?: number
  /** Keep the temp data folder (when dataDir is not given) after close. Default: false. */
  keepHls?: boolean
  /**
   * The mediasoup media plane (worker pool, WHEP viewers), started by `start()`; `loopbackOnly`
   * applies unless it says otherwise. Default: none (no WHEP). `prism orchestrator` always starts it.
   */
  mediaPlane?: MediaPlaneOptions
}

/** Parameters of `Orchestrator.createSession`. */
export type CreateSessionParameters = {
  streamId: string
  offerSdp: string
  /** The pipeline spec (parsed JSON); default `{ kind: 'passthrough' }`. */
  pipeline?: unknown
  /** Ticket sender named by the gateway, if any (bound only with `senderSig`). */
  sender?: string
  /** The sender's signature of this offer and stream (@prism/protocol `signWhipOffer`). */
  senderSig?: string
  /** The offer's remote address (the WHIP POST's client IP): pending offers are limited per address. */
  remoteAddress?: string
}

/** Events of the Orchestrator. */
export type OrchestratorEvents = {
  close: []
  listenererror: [event: string, error: unknown]
}

/** Events of `orchestrator.observer` (monitoring). */
export type OrchestratorObserverEvents = {
  newsession: [session: Session]
  encoder: [choice: EncoderChoice]
  sessionrefused: [code: string]
  listenererror: [event: string, error: unknown]
}
