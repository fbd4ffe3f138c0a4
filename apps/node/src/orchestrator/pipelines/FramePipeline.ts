/**
 * A pipeline on decoded frames: ffmpeg decodes the input (RTP from the gateway, or a file for
 * benchmarks) to raw frames of a fixed size, an optional {@link FrameStage} processes them in
 * Node, and a second ffmpeg encodes the result to HLS renditions and/or an RTP return stream.
 * Between decoder and encoder sits the frame path's one queue, a {@link FrameQueue} of
 * `ctx.maxQueuedFrames`: when the stage falls behind, the OLDEST waiting frames are dropped and
 * counted, so the output stays close to live (a file read without `realtime` is read losslessly
 * instead, pausing the decoder). Used by `transcode` (no stage, ladder outputs) and by frame kinds
 * such as `ai`.
 *
 * With RTP input, each returned frame carries the RTP timestamp of the input frame it was computed
 * from (InputTimestamps through the decoder, ReturnTimestamps on the encoder's RTP), so a gateway
 * can line up sent and returned frames exactly.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BaseError, type ControlMessage, isBaseError } from '@prism/protocol'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import {
  h264EncodeArgs,
  hlsOutputArgs,
  inputReaderThreadArgs,
  liveDecoderThreadArgs,
  liveEncoderThreadArgs,
  RAW_INPUT_QUEUE_FRAMES,
  rawInputArgs,
  rawOutputArgs,
  rtpInputArgs,
  rtpInputSdp,
  rtpOutputArgs,
  vp8EncodeArgs,
  wallclockPtsFilter,
} from '../../media/ffmpeg/args.ts'
import { FfmpegProcess } from '../../media/ffmpeg/FfmpegProcess.ts'
import { FramePtsLog, framePtsFilter, InputTimestamps } from '../../media/InputTimestamps.ts'
import { ReturnTimestamps } from '../../media/ReturnTimestamps.ts'
import { parseRtpHeader } from '../../media/rtpVideoInfo.ts'
import { allocateRtpPortPair, RtpSink, RtpSource } from '../../media/udp.ts'
import { FrameAssembler, type FrameFormat, frameSize, type VideoFrame } from '../../media/VideoFrame.ts'
import { MediaProcessError, StageFailedError } from '../errors.ts'
import { FrameQueue } from './FrameQueue.ts'
import { FrameStepClock, type FrameSteps } from './FrameStepClock.ts'
import type { Pipeline, PipelineContext, PipelineEvents, PipelineStats } from './PipelineTypes.ts'
import { RenditionFeed } from './RenditionFeed.ts'
import type { FrameStage } from './StageTypes.ts'

/** One encoded output of a frame pipeline. */
export type RenditionOutput = {
  /** Name used for files and reports (a profile name, or the kind). */
  name: string
  width: number
  height: number
  /** Target bitrate, kbit/s. */
  kbps: number
  /** Count its pixels in `outputpixels` (false for a transport copy of a counted rendition). */
  counted: boolean
}

/** Options of {@link FramePipeline}. */
export type FramePipelineOptions = {
  kind: string
  ctx: PipelineContext
  /**
   * Where frames come from. Default: RTP from the session. A `realtime` file is paced like a live
   * source (ffmpeg `-re`) and dropped from like one; any other file is read without loss.
   */
  input?: { type: 'rtp' } | { type: 'file'; path: string; realtime?: boolean }
  /** Raw format handed to the stage. */
  format: FrameFormat
  /** Size frames are decoded and scaled to. */
  width: number
  height: number
  /** Nominal frame rate (encoder timing, GOP of 1 s). Default: 30. */
  fps?: number
  /** Optional processing stage (none for transcode). */
  stage?: FrameStage
  /** HLS renditions written under `ctx.hlsDir` (master playlist included). Default: none. */
  hls?: RenditionOutput[]
  /** Rendition sent back over WebRTC (codec from `ctx.codec`). Default: none. */
  returnOutput?: RenditionOutput
}

const REPORT_EVERY_FRAMES = 15

/** A decoded frame waiting in the queue, with the time it was read from the decoder. */
type QueuedFrame = { frame: VideoFrame; at: number }

/**
 * Decode -> stage -> encode.
 *
 * @example
 * const p = new FramePipeline({ kind: 'transcode', ctx, format: 'i420', width: 640, height: 360, hls, returnOutput })
 * await p.start()
 */
export class FramePipeline extends EnhancedEventEmitter<PipelineEvents> implements Pipeline {
  readonly kind: string
  readonly #o: FramePipelineOptions
  readonly #fps: number
  #decoder: FfmpegProcess | undefined
  #encoder: FfmpegProcess | undefined
  #sink: RtpSink | undefined
  #source: RtpSource | undefined
  #tmpDir: string | undefined
  readonly #queue: FrameQueue<QueuedFrame>
  /** Arrival and write times for the `framesteps` event. */
  readonly #clock = new FrameStepClock()
  /** A file read without loss: the queue never drops, the decoder is paused instead. */
  readonly #lossless: boolean
  #closing = false
  #closed = false
  #paused = false
  #startedAt = 0
  #framesIn = 0
  #framesOut = 0
  #framesEncoded = 0
  #pausedDrops = 0
  #pixelsOut = 0
  #unreported = 0
  #returnFrames = 0
  #keyframeTimer: NodeJS.Timeout | undefined
  #stageClosed = false
  /** Input RTP timestamps through the decoder (RTP input only). */
  readonly #inputTs = new InputTimestamps()
  /** Return-stream RTP timestamps = the input frames' (RTP input only). */
  readonly #returnTs = new ReturnTimestamps(() => this.#inputTs.latest)
  /** The HLS renditions as RTP for WHEP viewers, encoded only while watched (by name). */
  readonly #feeds = new Map<string, RenditionFeed>()
  /** Resolves when a file input has been fully decoded and encoded (file mode only). */
  readonly finished: Promise<void>
  #resolveFinished!: () => void

  constructor(options: FramePipelineOptions) {
    super()
    this.kind = options.kind
    this.#o = options
    this.#fps = options.fps ?? 30
    this.#lossless = options.input?.type === 'file' && !options.input.realtime
    this.#queue = new FrameQueue<QueuedFrame>({
      capacity: this.#lossless ? Number.POSITIVE_INFINITY : Math.max(1, options.ctx.maxQueuedFrames),
      consume: (queued) => this.#processFrame(queued),
      onDrop: () => this.safeEmit('framedropped', 'queue'),
      onError: (err) => this.#fail(isBaseError(err) ? err : new StageFailedError(err)),
    })
    this.finished = new Promise((r) => {
      this.#resolveFinished = r
    })
    for (const r of options.hls ?? [])
      this.#feeds.set(
        r.name,
        new RenditionFeed({
          streamId: options.ctx.streamId,
          name: r.name,
          width: r.width,
          height: r.height,
          kbps: r.kbps,
          codec: options.ctx.codec,
          input: {
            width: options.width,
            height: options.height,
            format: options.format === 'rgb24' ? 'rgb24' : 'yuv420p',
          },
          fps: this.#fps,
        }),
      )
  }

  /** Names of the renditions WHEP viewers can watch apart (the HLS ladder). */
  get viewerRenditions(): string[] {
    return [...this.#feeds.keys()]
  }

  /** One ladder rendition as RTP (encoded while it has subscribers), or undefined. */
  renditionFeed(name: string): RenditionFeed | undefined {
    return this.#closing ? undefined : this.#feeds.get(name)
  }

  get expectedPixelsPerSecond(): number {
    const outs = [...(this.#o.hls ?? []), ...(this.#o.returnOutput ? [this.#o.returnOutput] : [])]
    return outs.filter((r) => r.counted).reduce((s, r) => s + r.width * r.height * this.#fps, 0)
  }

  async start(): Promise<void> {
    const o = this.#o
    const input = o.input ?? { type: 'rtp' }
    this.#startedAt = Date.now()
    this.#tmpDir = await mkdtemp(join(tmpdir(), 'prism-pipe-'))
    // Encoder first, so the decoder's frames have somewhere to go.
    const encArgs = await this.#encoderArgs(input.type === 'rtp')
    this.#encoder = new FfmpegProcess({ name: `${o.ctx.streamId}/encode`, args: encArgs, stdin: true })
    this.#encoder.on('exit', (code, _sig, tail) => {
      if (!this.#closing && !(input.type === 'file' && code === 0))
        this.#fail(new MediaProcessError('encoder', tail))
    })
    await this.#startDecoder(input, 0)
    if (input.type === 'rtp') {
      this.safeEmit('keyframeneeded')
      this.#keyframeTimer = setInterval(() => {
        if (this.#framesIn === 0) this.safeEmit('keyframeneeded')
        else clearInterval(this.#keyframeTimer)
      }, 500)
    }
  }

  async #startDecoder(input: NonNullable<FramePipelineOptions['input']>, attempt: number): Promise<void> {
    const o = this.#o
    let decInput: string[]
    if (input.type === 'rtp') {
      const port = await allocateRtpPortPair()
      const sdpPath = join(this.#tmpDir!, 'in.sdp')
      await writeFile(sdpPath, rtpInputSdp(o.ctx.codec, port))
      decInput = [...liveDecoderThreadArgs(), ...rtpInputArgs(sdpPath)]
      this.#sink?.close()
      this.#sink = await RtpSink.open(port)
    } else {
      decInput = [...(input.realtime ? ['-re'] : []), '-i', input.path]
    }
    const raw = o.format === 'rgb24' ? 'rgb24' : 'yuv420p'
    const rtp = input.type === 'rtp'
    const decoder = new FfmpegProcess({
      name: `${o.ctx.streamId}/decode`,
      args: [
        ...decInput,
        // The rawvideo "encoder" of the decoder's output is frame-threaded (one thread per core
        // plus one): it held each frame until the next ones came, two frames at 15 fps (135 ms
        // from RTP in to raw frame out on 2 cores). One thread writes each frame as decoded.
        '-threads',
        '1',
        ...rawOutputArgs(o.width, o.height, raw, rtp ? framePtsFilter(3) : undefined),
      ],
      stdout: true,
      fd3: rtp,
    })
    this.#decoder = decoder
    if (rtp) {
      const base = this.#framesIn // the pipeline index of this decoder's frame 0
      this.#inputTs.resetDecoder()
      const log = new FramePtsLog((n, pts) => {
        if (this.#decoder === decoder && pts !== undefined) this.#inputTs.handleDecodedPts(base + n, pts)
      })
      const fd3 = decoder.child.stdio[3] as NodeJS.ReadableStream | undefined
      fd3?.on('data', (chunk: Buffer) => log.push(chunk.toString('latin1')))
      fd3?.on('error', () => undefined)
    }
    const assembler = new FrameAssembler(frameSize(o.format, o.width, o.height), (buf) =>
      this.#onDecoded(buf),
    )
    decoder.child.stdout?.on('data', (chunk: Buffer) => assembler.push(chunk))
    decoder.on('exit', (code, _sig, tail) => {
      if (this.#closing) return
      if (input.type === 'file' && code === 0) void this.#drainAndFinish()
      else if (input.type === 'rtp' && attempt < 3 && /bind|in use/i.test(tail)) {
        // its RTP port was taken between allocation and bind: try another one
        logger.warn(`pipeline ${o.ctx.streamId}: decoder could not bind its port, retrying`)
        void this.#startDecoder(input, attempt + 1)
      } else this.#fail(new MediaProcessError('decoder', tail))
    })
  }

  async #encoderArgs(live: boolean): Promise<string[]> {
    const o = this.#o
    const raw = o.format === 'rgb24' ? 'rgb24' : 'yuv420p'
    const outs: { r: RenditionOutput; args: string[] }[] = []
    const gop = Math.round(this.#fps)
    if (o.hls?.length) {
      await mkdir(o.ctx.hlsDir, { recursive: true })
      const master = ['#EXTM3U', '#EXT-X-VERSION:3']
      for (const r of o.hls) {
        master.push(
          `#EXT-X-STREAM-INF:BANDWIDTH=${r.kbps * 1000},RESOLUTION=${r.width}x${r.height}`,
          `${r.name}.m3u8`,
        )
        outs.push({
          r,
          args: [
            ...h264EncodeArgs(o.ctx.encoder, r.kbps, gop),
            ...liveEncoderThreadArgs(o.ctx.encoder),
            ...hlsOutputArgs(join(o.ctx.hlsDir, `${r.name}.m3u8`), join(o.ctx.hlsDir, `${r.name}_%05d.ts`)),
          ],
        })
      }
      await writeFile(join(o.ctx.hlsDir, 'master.m3u8'), `${master.join('\n')}\n`)
    }
    if (o.returnOutput) {
      this.#source = await RtpSource.open((pkt) => this.#onReturnRtp(pkt))
      const r = o.returnOutput
      // libvpx on more than one thread held each frame until the next one was written (a whole
      // frame interval of the processed stream, 190 ms at 512x512 under load); one thread sends
      // each frame as soon as it is encoded.
      const enc =
        o.ctx.codec === 'VP8'
          ? [...vp8EncodeArgs(r.kbps, gop), '-threads', '1']
          : [...h264EncodeArgs('libx264', r.kbps, gop, true), ...liveEncoderThreadArgs('libx264')]
      outs.push({ r, args: [...enc, ...rtpOutputArgs(this.#source.port)] })
    }
    const n = outs.length
    // Live frames are stamped with the wall clock when they reach the encoder, at 90 kHz: every
    // frame keeps its own timestamp (a 1/fps time base would give two frames written within one
    // frame interval the same one, and the RTP muxer would merge them into one frame).
    const input = live ? `[0:v]${wallclockPtsFilter()}[in];` : ''
    const src0 = live ? '[in]' : '[0:v]'
    const split = n > 1 ? `${src0}split=${n}${outs.map((_, i) => `[s${i}]`).join('')};` : ''
    const chains = outs
      .map((x, i) => {
        const src = n > 1 ? `[s${i}]` : src0
        const same = x.r.width === o.width && x.r.height === o.height && o.format !== 'rgb24'
        return `${src}${same ? 'null' : `scale=${x.r.width}:${x.r.height}:flags=bilinear`},format=yuv420p[o${i}]`
      })
      .join(';')
    const args = [
      '-thread_queue_size',
      String(RAW_INPUT_QUEUE_FRAMES),
      ...rawInputArgs(o.width, o.height, raw, this.#fps, false),
      ...inputReaderThreadArgs(),
      '-filter_complex',
      input + split + chains,
    ]
    outs.forEach((x, i) => {
      args.push(
        '-map',
        `[o${i}]`,
        '-fps_mode',
        'passthrough',
        ...(live ? ['-enc_time_base:v', '1:90000'] : []),
        ...x.args,
      )
    })
    return args
  }

  #onReturnRtp(pkt: Buffer): void {
    if (this.#closed) return
    const h = parseRtpHeader(pkt)
    if (h?.marker) this.#returnFrames++
    const encode = pkt.length >= 12 ? this.#clock.encodedPacket(pkt.readUInt32BE(4)) : undefined
    if (encode !== undefined) this.safeEmit('framesteps', { encode })
    if ((this.#o.input ?? { type: 'rtp' }).type === 'rtp') this.#returnTs.rewrite(pkt)
    this.safeEmit('outputrtp', pkt)
  }

  #onDecoded(buf: Buffer): void {
    if (this.#closing) return
    const o = this.#o
    const frame: VideoFrame = {
      format: o.format,
      width: o.width,
      height: o.height,
      pts: Date.now() - this.#startedAt,
      index: this.#framesIn,
      data: buf,
    }
    this.#framesIn++
    this.#queue.push({ frame, at: performance.now() })
    if (this.#lossless && this.#queue.length > 8) this.#decoder?.child.stdout?.pause()
  }

  /**
   * The queue's consumer: stage, then encoder. A stage error stops the queue (StageFailedError).
   * Emits `framesteps` with the frame's queue, stage and encoder-write times (and decode, when known).
   */
  async #processFrame({ frame, at }: QueuedFrame): Promise<void> {
    if (this.#closing) return
    if (this.#lossless && this.#queue.length <= 2) this.#decoder?.child.stdout?.resume()
    const start = performance.now()
    const steps: FrameSteps = { queue: start - at }
    const decode = this.#clock.decodeMs(this.#inputTs.inputTimestampOf(frame.index), at)
    if (decode !== undefined) steps.decode = decode
    const stage = this.#o.stage
    let out: VideoFrame[]
    try {
      out = stage ? await stage.processInput(frame) : [frame]
    } catch (err) {
      throw new StageFailedError(err)
    }
    if (stage?.lastFrameSteps) Object.assign(steps, stage.lastFrameSteps)
    const written = performance.now()
    for (const f of out) await this.#encode(f)
    if (out.length > 0) steps.encode_write = performance.now() - written
    this.safeEmit('framesteps', steps)
  }

  async #encode(frame: VideoFrame): Promise<void> {
    const stdin = this.#encoder?.child.stdin
    if (!stdin || this.#closing) return
    if (this.#paused) {
      this.#pausedDrops++
      this.safeEmit('framedropped', 'paused')
      return
    }
    if (this.#o.returnOutput) {
      this.#returnTs.frameWritten(this.#inputTs.inputTimestampOf(frame.index))
      this.#clock.frameWritten()
    }
    const ok = stdin.write(frame.data)
    for (const feed of this.#feeds.values()) feed.write(frame.data)
    this.#framesOut++
    this.#framesEncoded++
    this.#unreported++
    if (this.#unreported >= REPORT_EVERY_FRAMES) this.#report()
    if (!ok) await new Promise<void>((r) => stdin.once('drain', () => r()))
  }

  #report(): void {
    const frames = this.#unreported
    if (frames === 0) return
    this.#unreported = 0
    const outs = [...(this.#o.hls ?? []), ...(this.#o.returnOutput ? [this.#o.returnOutput] : [])]
    for (const r of outs) {
      if (!r.counted) continue
      const pixels = r.width * r.height * frames
      this.#pixelsOut += pixels
      this.safeEmit('outputpixels', { rendition: r.name, width: r.width, height: r.height, frames, pixels })
    }
  }

  async #drainAndFinish(): Promise<void> {
    await this.#queue.idle()
    this.#report()
    this.#encoder?.child.stdin?.end()
    await this.#encoder?.exited
    this.#resolveFinished()
  }

  #fail(err: BaseError): void {
    if (this.#closing) return
    logger.warn(`pipeline ${this.#o.ctx.streamId}: ${err.code} ${err.message}`)
    this.safeEmit('error', err)
  }

  handleRtp(packet: Buffer): void {
    if (packet.length < 12) return
    const rtpTimestamp = packet.readUInt32BE(4)
    this.#clock.packetArrived(rtpTimestamp)
    this.#sink?.send(packet, this.#inputTs.tag(rtpTimestamp))
  }

  handleKeyframeRequest(): void {
    // The returned video has a 1 s GOP; nothing to forward upstream.
  }

  async handleControl(message: ControlMessage): Promise<void> {
    await this.#o.stage?.handleControl?.(message)
  }

  /** True when the stage accepts control messages. */
  get acceptsControl(): boolean {
    return typeof this.#o.stage?.handleControl === 'function'
  }

  setOutputPaused(paused: boolean): void {
    this.#paused = paused
  }

  toJSON(): PipelineStats {
    return {
      kind: this.kind,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut,
      framesDropped: this.#queue.dropped + this.#pausedDrops,
      framesEncoded: this.#framesEncoded,
      framesReturned: this.#returnFrames,
      pixelsOut: this.#pixelsOut,
      width: this.#o.width,
      height: this.#o.height,
      renditions: (this.#o.hls ?? []).map((r) => r.name),
      stages: this.#o.stage ? [this.#o.stage.toJSON()] : [],
    }
  }

  async close(): Promise<void> {
    if (this.#closing) {
      if (!this.#closed) await new Promise<void>((r) => this.once('close', () => r()))
      return
    }
    this.#closing = true
    this.#queue.stop()
    clearInterval(this.#keyframeTimer)
    this.#report()
    this.#sink?.close()
    await Promise.all([
      this.#decoder?.close(),
      this.#encoder?.close(),
      ...[...this.#feeds.values()].map((f) => f.close()),
    ])
    this.#source?.close()
    if (this.#o.stage?.close && !this.#stageClosed) {
      this.#stageClosed = true
      try {
        await this.#o.stage.close()
      } catch (err) {
        logger.warn('stage close failed', err)
      }
    }
    if (this.#tmpDir) await rm(this.#tmpDir, { recursive: true, force: true })
    this.#closed = true
    this.#resolveFinished()
    this.safeEmit('close')
  }
}
