/**
 * `passthrough`: the gateway's RTP video goes back unchanged (no decode, no encode), which makes
 * it the latency baseline. On mediasoup the return is a consumer of the sender's producer inside
 * the session's router (`returnsInput`): this pipeline's `outputrtp` then only feeds WHEP viewers. Frames are counted by the RTP marker bit and sized from keyframes
 * (VP8 header, H.264 SPS), so output pixels are reported like any other pipeline.
 */
import { decodePipelineSpec, type PipelineSpec } from '@prism/protocol'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { parseRtpHeader, sizeFromRtpPayload } from '../../media/rtpVideoInfo.ts'
import { PipelineSpecInvalidError } from '../errors.ts'
import type {
  Pipeline,
  PipelineContext,
  PipelineEvents,
  PipelineKind,
  PipelineStats,
} from './PipelineTypes.ts'

/** Spec of the passthrough kind. */
export type PassthroughSpec = { kind: 'passthrough' }

/** Pixels are reported in batches of this many frames (and at close). */
const REPORT_EVERY_FRAMES = 15

/**
 * Forwards RTP back to the gateway.
 *
 * @example
 * const p = new PassthroughPipeline(ctx); p.on('outputrtp', (pkt) => peer.sendVideoRtp(pkt))
 */
export class PassthroughPipeline extends EnhancedEventEmitter<PipelineEvents> implements Pipeline {
  readonly kind = 'passthrough'
  #closed = false
  #paused = false
  #width = 0
  #height = 0
  #framesIn = 0
  #framesOut = 0
  #dropped = 0
  #pixelsOut = 0
  #unreported = 0
  #droppingUntilKeyframe = false

  constructor(private readonly ctx: PipelineContext) {
    super()
  }

  get expectedPixelsPerSecond(): number {
    return (this.#width || 640) * (this.#height || 360) * 30
  }

  async start(): Promise<void> {}

  handleRtp(packet: Buffer): void {
    if (this.#closed) return
    const h = parseRtpHeader(packet)
    if (!h) return
    const size = sizeFromRtpPayload(this.ctx.codec, packet.subarray(h.payloadOffset))
    if (size) {
      this.#width = size.width
      this.#height = size.height
      if (!this.#paused) this.#droppingUntilKeyframe = false
    }
    if (h.marker) this.#framesIn++
    if (this.#paused || this.#droppingUntilKeyframe) {
      if (h.marker) {
        this.#dropped++
        this.safeEmit('framedropped', 'paused')
      }
      return
    }
    this.safeEmit('outputrtp', packet)
    if (h.marker) {
      this.#framesOut++
      this.#unreported++
      if (this.#unreported >= REPORT_EVERY_FRAMES) this.#report()
    }
  }

  #report(): void {
    if (this.#unreported === 0 || this.#width === 0) return
    const frames = this.#unreported
    const pixels = this.#width * this.#height * frames
    this.#unreported = 0
    this.#pixelsOut += pixels
    this.safeEmit('outputpixels', {
      rendition: 'passthrough',
      width: this.#width,
      height: this.#height,
      frames,
      pixels,
    })
  }

  handleKeyframeRequest(): void {
    this.safeEmit('keyframeneeded')
  }

  setOutputPaused(paused: boolean): void {
    if (this.#paused === paused) return
    this.#paused = paused
    if (!paused) {
      // resume on a keyframe so the gateway's decoder recovers at once
      this.#droppingUntilKeyframe = true
      this.safeEmit('keyframeneeded')
    }
  }

  toJSON(): PipelineStats {
    return {
      kind: this.kind,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut,
      framesDropped: this.#dropped,
      pixelsOut: this.#pixelsOut,
      width: this.#width,
      height: this.#height,
      stages: [],
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#report()
    this.#closed = true
    this.safeEmit('close')
  }
}

/** The `passthrough` pipeline kind. */
export const passthroughKind: PipelineKind<PassthroughSpec> = {
  kind: 'passthrough',
  decodeSpec(raw) {
    let spec: PipelineSpec
    try {
      spec = decodePipelineSpec(raw)
    } catch (err) {
      throw new PipelineSpecInvalidError(err instanceof Error ? err.message : String(err), err)
    }
    if (spec.kind !== 'passthrough') throw new PipelineSpecInvalidError('expected kind "passthrough"')
    return { kind: 'passthrough' }
  },
  create: (_spec, ctx) => new PassthroughPipeline(ctx),
  describe: () => ({ kind: 'passthrough' }),
  returnsInput: true,
}
