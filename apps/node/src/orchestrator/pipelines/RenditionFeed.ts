/**
 * One rendition of a frame pipeline's ladder as RTP, for WHEP viewers of that rendition: an ffmpeg
 * that scales the pipeline's raw frames to the rendition's size and encodes them in the session's
 * codec (H.264 constrained baseline, or VP8 on one thread), started with its first subscriber and
 * stopped with its last. It is a transport copy of a rendition the pipeline already encodes (and
 * counts) for HLS: its pixels are not counted again. The pipeline writes it only the frames it
 * encodes itself (none while output is paused for payment), and skips it while its encoder is
 * behind, so that a slow viewer encode never holds the pipeline's own outputs.
 */
import { logger } from '../../lib/logger.ts'
import {
  h264EncodeArgs,
  inputReaderThreadArgs,
  liveEncoderThreadArgs,
  RAW_INPUT_QUEUE_FRAMES,
  rawInputArgs,
  rtpOutputArgs,
  vp8EncodeArgs,
  wallclockPtsFilter,
} from '../../media/ffmpeg/args.ts'
import { FfmpegProcess } from '../../media/ffmpeg/FfmpegProcess.ts'
import { RtpSource } from '../../media/udp.ts'

/** Options of a {@link RenditionFeed}. */
export type RenditionFeedOptions = {
  /** Stream id (process names in logs). */
  streamId: string
  /** The rendition: profile name and size. */
  name: string
  width: number
  height: number
  kbps: number
  /** The session's codec, which viewers of the stream negotiate. */
  codec: 'H264' | 'VP8'
  /** The raw frames the pipeline writes: size and pixel format. */
  input: { width: number; height: number; format: 'yuv420p' | 'rgb24' }
  fps: number
}

/**
 * A rendition's RTP, encoded while someone listens.
 *
 * @example
 * const off = feed.onRtp((pkt) => send(pkt)) // starts its encoder
 * feed.write(frame.data)                     // the pipeline, for every frame it encodes
 * off()                                      // the last subscriber left: the encoder stops
 */
export class RenditionFeed {
  readonly name: string
  readonly width: number
  readonly height: number
  readonly codec: 'H264' | 'VP8'
  readonly #o: RenditionFeedOptions
  readonly #subscribers = new Set<(packet: Buffer) => void>()
  #encoder: FfmpegProcess | undefined
  #source: RtpSource | undefined
  /** Bumped at every start and stop: a start that finishes after a stop closes what it made. */
  #generation = 0
  #closed = false

  constructor(options: RenditionFeedOptions) {
    this.#o = options
    this.name = options.name
    this.width = options.width
    this.height = options.height
    this.codec = options.codec
  }

  /** True while its encoder runs (someone listens). */
  get running(): boolean {
    return this.#encoder !== undefined
  }

  /** Subscribes to its RTP (the first subscriber starts the encoder); returns the unsubscribe function. */
  onRtp(cb: (packet: Buffer) => void): () => void {
    if (this.#closed) return () => undefined
    this.#subscribers.add(cb)
    if (this.#subscribers.size === 1) void this.#start()
    return () => {
      if (this.#subscribers.delete(cb) && this.#subscribers.size === 0) void this.#stop()
    }
  }

  /** Keyframes come every second (GOP of `fps` frames); nothing to do on a request. */
  requestKeyframe(): void {}

  /** One raw frame of the pipeline (dropped when the encoder is not running or is behind). */
  write(frame: Uint8Array): void {
    const stdin = this.#encoder?.child.stdin
    if (!stdin?.writable || stdin.writableNeedDrain) return
    stdin.write(frame)
  }

  async #start(): Promise<void> {
    const generation = ++this.#generation
    const o = this.#o
    const source = await RtpSource.open((pkt) => {
      for (const cb of this.#subscribers) cb(pkt)
    })
    if (generation !== this.#generation || this.#closed) {
      source.close()
      return
    }
    const gop = Math.round(o.fps)
    const enc =
      o.codec === 'VP8'
        ? [...vp8EncodeArgs(o.kbps, gop), '-threads', '1']
        : [...h264EncodeArgs('libx264', o.kbps, gop, true), ...liveEncoderThreadArgs('libx264')]
    const encoder = new FfmpegProcess({
      name: `${o.streamId}/rendition-${o.name}`,
      args: [
        '-thread_queue_size',
        String(RAW_INPUT_QUEUE_FRAMES),
        ...rawInputArgs(o.input.width, o.input.height, o.input.format, o.fps, false),
        ...inputReaderThreadArgs(),
        '-map',
        '0:v',
        '-vf',
        `${wallclockPtsFilter()},scale=${o.width}:${o.height}:flags=bilinear,format=yuv420p`,
        ...['-fps_mode', 'passthrough', '-enc_time_base:v', '1:90000'],
        ...enc,
        ...rtpOutputArgs(source.port),
      ],
      stdin: true,
    })
    encoder.child.stdin?.on('error', () => undefined)
    encoder.on('exit', (code, _signal, tail) => {
      if (this.#encoder === encoder) {
        logger.warn(`rendition ${o.name} of ${o.streamId}: encoder exited (${code})`, tail.slice(-300))
        this.#encoder = undefined
      }
    })
    this.#source = source
    this.#encoder = encoder
  }

  async #stop(): Promise<void> {
    this.#generation++
    const encoder = this.#encoder
    const source = this.#source
    this.#encoder = undefined
    this.#source = undefined
    await encoder?.close()
    source?.close()
  }

  /** Stops the encoder and drops every subscriber. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true
    this.#subscribers.clear()
    await this.#stop()
  }
}
