/**
 * Contract of a Pipeline (child of a Session) and of the pipeline-kind registry.
 *
 * PLUG POINT (AI, issue 6): register a kind in `OrchestratorOptions.pipelineKinds`:
 *
 *     defineFramePipelineKind({
 *       kind: 'ai',
 *       decodeSpec: (raw) => decodeAiSpec(raw),           // throw a BaseError when invalid
 *       frameFormat: () => 'rgb24',                       // or 'i420'
 *       frameSize: (spec) => ({ width: spec.width, height: spec.height }),
 *       createStage: (spec, ctx) => new ModelChainStage(spec, ctx), // FrameStage
 *       describe: () => ({ kind: 'ai' }),                 // /info pipelines entry
 *     })
 *
 * The node decodes the gateway's video with ffmpeg, scales it to `frameSize`, runs
 * `stage.processInput(frame)`, encodes the returned frames with ffmpeg and sends them back. The
 * `control` data channel is decoded by the session (`decodeControlMessage`) and routed to
 * `stage.handleControl(message)`; `ctx.sendControlEvent(evt)` sends typed `ControlEvent`s
 * (loading, ready, error…) to the gateway.
 */
import type { BaseError, ControlEvent, ControlMessage, PriceJson } from '@prism/protocol'
import type { H264Encoder } from '../../media/ffmpeg/selectEncoder.ts'
import type { FrameFormat } from '../../media/VideoFrame.ts'
import type { RenditionFeed } from './RenditionFeed.ts'
import type { FrameStage, StageStats } from './StageTypes.ts'

/** Output of one rendition: pixels = width × height × frames encoded. */
export type OutputPixels = {
  /** Rendition name (a profile name, `passthrough` or the kind). */
  rendition: string
  width: number
  height: number
  /** Frames encoded (or forwarded) since the last report. */
  frames: number
  /** width × height × frames. */
  pixels: number
}

/** Statistics of a pipeline. */
export type PipelineStats = {
  kind: string
  framesIn: number
  framesOut: number
  /** Frames dropped because a bounded queue was full or output was paused. */
  framesDropped: number
  /** Total output pixels since start. */
  pixelsOut: number
  stages: StageStats[]
  [extra: string]: unknown
}

/** Events of a pipeline (listened to by its Session). */
export type PipelineEvents = {
  /** An RTP packet to send back to the gateway on the session's video track. */
  outputrtp: [packet: Buffer]
  /** Output pixels encoded, per rendition (the payment manager debits them). */
  outputpixels: [report: OutputPixels]
  /** The pipeline needs a keyframe from the gateway (decoder start). */
  keyframeneeded: []
  /** A frame was dropped (queue full or output paused). */
  framedropped: [reason: 'queue' | 'paused']
  /** Milliseconds of a frame's steps (FrameStepClock.ts: decode, queue, stage steps, encode). */
  framesteps: [steps: Readonly<Record<string, number>>]
  /** A fatal error: the session closes. */
  error: [error: BaseError]
  /** Closed (by itself or by its session). */
  close: []
  listenererror: [event: string, error: unknown]
}

/** What a Session gives its pipeline at creation. */
export type PipelineContext = {
  sessionId: string
  streamId: string
  /** Codec of the gateway's video (input) and of the video sent back (same negotiation). */
  codec: 'H264' | 'VP8'
  /** H.264 encoder chosen at start. */
  encoder: H264Encoder
  /** Folder for this session's HLS output (`<dataDir>/hls/<stream>`). */
  hlsDir: string
  /** Sends an event on the session's `control` data channel. */
  sendControlEvent: (event: ControlEvent) => void
  /** Max frames waiting between decoder and encoder; beyond it the oldest is dropped. Default: 2. */
  maxQueuedFrames: number
}

/** A running pipeline, created by its kind's factory, owned by a Session. */
export interface Pipeline {
  readonly kind: string
  /** Pixels per second the pipeline is expected to output (payment prepay sizing). */
  readonly expectedPixelsPerSecond: number
  /** Starts processes and sockets. */
  start(): Promise<void>
  /** Input RTP packet from the gateway. */
  handleRtp(packet: Buffer): void
  /** The gateway asked for a keyframe on the returned video. */
  handleKeyframeRequest(): void
  /** A decoded message of the `control` channel (never `ping`: the session answers it). */
  handleControl?(message: ControlMessage): void | Promise<void>
  /** Gate the output (payment): paused output drops frames (counted). */
  setOutputPaused(paused: boolean): void
  /** Renditions WHEP viewers can watch apart (a transcode's ladder). Default: none. */
  readonly viewerRenditions?: string[]
  /** One of {@link viewerRenditions} as RTP, or undefined. */
  renditionFeed?(name: string): RenditionFeed | undefined
  toJSON(): PipelineStats
  /** Closes processes, sockets and stages; emits `close`. Idempotent. */
  close(): Promise<void>
  on<K extends keyof PipelineEvents & string>(
    event: K,
    listener: (...args: PipelineEvents[K]) => void,
  ): unknown
  off<K extends keyof PipelineEvents & string>(
    event: K,
    listener: (...args: PipelineEvents[K]) => void,
  ): unknown
}

/** A pipeline kind: validates its spec, describes itself in /info, creates pipelines. */
export type PipelineKind<Spec = unknown> = {
  kind: string
  /** Validates the spec (the whole `{ kind, … }` object); throws a BaseError when invalid. */
  decodeSpec(raw: unknown): Spec
  /** Creates a pipeline (not started). */
  create(spec: Spec, ctx: PipelineContext): Pipeline
  /** Entry of `/info` `pipelines`. */
  describe(): { kind: string; price?: PriceJson; profiles?: string[] }
  /**
   * True when the returned video is the input unchanged (passthrough): a media plane may then loop
   * it back natively; the pipeline still sees the input (counting, viewers). Default: false.
   */
  returnsInput?: boolean
  /** Releases what the kind owns across sessions (e.g. worker threads); the orchestrator calls it last. */
  close?(): Promise<void>
}

/** Definition of a kind built on decoded frames (see the module comment). */
export type FramePipelineKindDefinition<Spec> = {
  kind: string
  decodeSpec(raw: unknown): Spec
  frameFormat(spec: Spec): FrameFormat
  frameSize(spec: Spec): { width: number; height: number }
  /** Output frame rate hint for the encoder. Default: 30. */
  fps?(spec: Spec): number
  createStage(spec: Spec, ctx: FrameStageContext): FrameStage | Promise<FrameStage>
  describe(): { kind: string; price?: PriceJson; profiles?: string[] }
  /** Releases what the kind owns across sessions, after every session closed. Optional. */
  close?(): Promise<void>
}

/** What a frame stage gets from its session. */
export type FrameStageContext = {
  sessionId: string
  streamId: string
  /** Sends an event (`{ v: 1, type: 'loading' | 'ready' | 'error', … }`) on the `control` channel. */
  sendControlEvent: (event: ControlEvent) => void
}
