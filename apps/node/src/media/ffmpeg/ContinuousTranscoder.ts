/**
 * One long-lived ffmpeg that transcodes a run of consecutive segments of one stream into a ladder
 * of renditions, so that a session pays for ffmpeg's start-up (loading its libraries, opening
 * the decoder and encoders: about 0.2 s of CPU per segment on a small machine) once instead of
 * per segment.
 *
 * How a segment goes through:
 * - its frames are written to ffmpeg's stdin as FLV (each frame carries its size, so ffmpeg
 *   decodes it as soon as it arrives);
 * - a few copies of its IDR frame follow, a millisecond apart, to push out of the decoder the
 *   frames it holds back (to reorder B-frames, and one per extra decoder thread); a `select` filter drops them (each comes less than half
 *   a frame after the previous frame) before they are scaled or encoded;
 * - ffmpeg encodes each rendition at the profile's constant frame rate with a keyframe wherever
 *   the input has one (every segment starts with one) and writes it as MPEG-TS with video PES
 *   lengths, flushed after every frame;
 * - {@link MpegtsFrameSplitter} counts whole frames on each output and hands out exactly as many
 *   as the segment had, once their first and last timestamps are checked against the segment's
 *   (a run that loses its place fails, and its segments go through an ffmpeg each).
 *
 * {@link SegmentPlan} decides which segments may go through (one output frame per input frame);
 * {@link ContinuousTranscoder.fits} decides whether one continues this run.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import type { Readable } from 'node:stream'
import { flvAvcConfigTag, flvAvcFrameTag, flvHeader } from '../flvH264.ts'
import { MpegtsFrameSplitter } from '../MpegtsFrameSplitter.ts'
import { h264EncodeArgs } from './args.ts'
import { outputFd } from './PipedFfmpegJob.ts'
import { onGrid, type SegmentPlan, sameParameterSets, TS_CLOCK } from './segmentPlan.ts'
import type { SegmentRenditionSpec } from './transcodeSegment.ts'

/** Options of {@link ContinuousTranscoder}. */
export type ContinuousTranscoderOptions = {
  /** Threads of each encoder (slice threads, which hold no frame back). Default: 1. */
  threads?: number
  /** Decoder threads (frame threads: each holds a frame back). Default: {@link RUN_DECODER_THREADS}. */
  decoderThreads?: number
  /** Fail a segment whose renditions are not all out after this many ms. Default: 20000. */
  waitMs?: number
}

type Pending = {
  /** The segment written: its frame count, and the first and last PTS its output must sit on. */
  plan: SegmentPlan
  resolve: (outputs: Buffer[]) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

/** ms between the IDR copies written after a segment (they must fit in half a frame). */
const FLUSH_STEP_MS = 1

/**
 * Decoder threads of a run: 2 where there are 2 cores or more. A run decodes, scales and encodes
 * one frame after another in ffmpeg's main thread; a second decoder thread decodes the next frame
 * meanwhile (one frame of delay, flushed like the reordering delay). On the 2-core development
 * machine this made a session's segments about a fifth faster for the same CPU.
 */
export const RUN_DECODER_THREADS: number = Math.min(2, availableParallelism())

/** The ffmpeg arguments of a run for `specs` (all at the same frame rate). */
export function continuousTranscodeArgs(
  specs: readonly SegmentRenditionSpec[],
  threads = 1,
  decoderThreads = RUN_DECODER_THREADS,
): string[] {
  const args = [
    '-v',
    'error',
    '-threads',
    String(decoderThreads),
    '-probesize',
    '32',
    '-analyzeduration',
    '0',
  ]
  args.push('-copyts')
  args.push('-f', 'flv', '-i', 'pipe:0')
  specs.forEach((s, i) => {
    const encode = h264EncodeArgs('libx264', s.bitrateKbps, s.fps)
    // a keyframe where the input has one: each segment's first frame, as a process per segment gives
    encode[encode.indexOf('-force_key_frames') + 1] = 'source'
    args.push(
      '-map',
      '0:v:0',
      '-an',
      '-vf',
      // drop the IDR copies that flush the decoder: less than half a frame after the last frame
      `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.5/${s.fps})',scale=${s.width}:${s.height}`,
      '-r',
      String(s.fps),
      ...encode,
      '-threads',
      String(threads),
      '-muxdelay',
      '0',
      '-omit_video_pes_length',
      '0',
      '-flush_packets',
      '1',
      '-f',
      'mpegts',
      `pipe:${outputFd(i)}`,
    )
  })
  return args
}

/**
 * A run of consecutive segments through one ffmpeg.
 *
 * @example
 * const run = new ContinuousTranscoder(specs)
 * const plan = planSegment(ts, 30)
 * if (typeof plan !== 'string' && run.fits(plan)) outputs = await run.push(plan)
 * run.end()
 */
export class ContinuousTranscoder {
  private readonly child: ChildProcess
  private readonly splitters: MpegtsFrameSplitter[]
  private readonly pending: Pending[] = []
  private readonly waitMs: number
  private readonly fps: number
  private readonly decoderThreads: number
  /** The run's first segment (its parameter sets and grid). */
  private first: SegmentPlan | undefined
  /** Frames written so far: the next segment's first grid slot. */
  private slots = 0
  /** DTS (ms) of the last frame or IDR copy written. */
  private lastDtsMs = Number.NEGATIVE_INFINITY
  private stderr = ''
  private ended = false
  private failed: Error | undefined

  constructor(specs: readonly SegmentRenditionSpec[], opts: ContinuousTranscoderOptions = {}) {
    this.fps = specs[0]?.fps ?? 0
    if (!specs.length || specs.some((s) => s.fps !== this.fps))
      throw new RangeError('a continuous transcode needs renditions at one frame rate')
    this.waitMs = opts.waitMs ?? 20_000
    this.decoderThreads = opts.decoderThreads ?? RUN_DECODER_THREADS
    const stdio: ('pipe' | 'ignore')[] = ['pipe', 'ignore', 'pipe', ...specs.map(() => 'pipe' as const)]
    const args = continuousTranscodeArgs(specs, opts.threads, this.decoderThreads)
    this.child = spawn('ffmpeg', ['-hide_banner', ...args], { stdio })
    this.splitters = specs.map((_, i) => {
      const split = new MpegtsFrameSplitter()
      ;(this.child.stdio[outputFd(i)] as Readable).on('data', (d: Buffer) => {
        split.push(d)
        this.deliver()
      })
      return split
    })
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000)
    })
    this.child.stdin?.on('error', () => {})
    this.child.once('error', (e) => this.fail(new Error(`ffmpeg: ${e.message}`)))
    this.child.once('close', (code) => {
      const tail = this.stderr.trim().split('\n').slice(-3).join(' | ')
      this.fail(new Error(`ffmpeg exited ${code}${tail ? `: ${tail}` : ''}`))
    })
  }

  /** True while ffmpeg is up and no segment was written yet (a run started ahead). */
  get ready(): boolean {
    return !this.ended && !this.failed && !this.first
  }

  /**
   * True when `plan` continues this run: the run is open, and the segment has the run's SPS and
   * PPS, its frames sit on the run's frame grid right after the last segment's, and it decodes
   * after the frames already written. The first segment of a run always fits.
   */
  fits(plan: SegmentPlan): boolean {
    if (this.ended || this.failed) return false
    if (plan.frameTicks !== TS_CLOCK / this.fps || this.flushCount(plan) === undefined) return false
    if (!this.first) return true
    return (
      sameParameterSets(this.first, plan) &&
      onGrid(plan.ptsSorted, this.first.ptsSorted[0]!, this.slots, plan.frameTicks) &&
      Math.round(plan.frames[0]!.dts / 90) > this.lastDtsMs
    )
  }

  /**
   * IDR copies that flush `plan`'s frames out of the decoder (its reordering depth plus a frame per
   * decoder thread); undefined when they do not fit in half a frame.
   */
  private flushCount(plan: SegmentPlan): number | undefined {
    const n = plan.reorderDepth + this.decoderThreads
    return n * FLUSH_STEP_MS < 450 / this.fps ? n : undefined
  }

  /**
   * Writes a segment and resolves each rendition's MPEG-TS bytes, exactly one frame per input
   * frame, in the order of the specs.
   * @throws RangeError when the plan does not fit ({@link ContinuousTranscoder.fits}); Error when
   *   ffmpeg fails or does not return the frames in time (the run is then over).
   */
  push(plan: SegmentPlan): Promise<Buffer[]> {
    if (!this.fits(plan)) return Promise.reject(new RangeError('segment does not continue this run'))
    const tags: Uint8Array[] = []
    if (!this.first) {
      this.first = plan
      tags.push(flvHeader(), flvAvcConfigTag(plan.sps, plan.pps, plan.frames[0]!.dts / 90))
    }
    for (const f of plan.frames) tags.push(flvAvcFrameTag(f.nals, f.dts / 90, f.pts / 90, f.idr))
    const idr = plan.frames[0]!.nals
    const dtsMs = Math.round(plan.frames.at(-1)!.dts / 90)
    const ptsMs = Math.round(plan.ptsSorted.at(-1)! / 90)
    const copies = this.flushCount(plan)!
    for (let k = 1; k <= copies; k++)
      tags.push(flvAvcFrameTag(idr, dtsMs + k * FLUSH_STEP_MS, ptsMs + k * FLUSH_STEP_MS, true))
    this.lastDtsMs = dtsMs + copies * FLUSH_STEP_MS
    this.slots += plan.frames.length
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`ffmpeg returned no whole segment in ${this.waitMs} ms`)),
        this.waitMs,
      )
      this.pending.push({ plan, resolve, reject, timer })
      // one writev for the segment's tags, without copying them together
      const stdin = this.child.stdin
      stdin?.cork()
      for (const tag of tags) stdin?.write(tag)
      stdin?.uncork()
    })
  }

  /** Hands out every segment whose frames are all out, oldest first. */
  private deliver(): void {
    const problem = this.splitters.find((s) => s.problem)?.problem
    if (problem) {
      this.fail(new Error(`ffmpeg output cannot be cut into segments: ${problem}`))
      return
    }
    while (this.pending.length > 0) {
      const p = this.pending[0]!
      const { frames, ptsSorted, frameTicks } = p.plan
      if (this.splitters.some((s) => s.wholeFrames < frames.length)) return
      this.pending.shift()
      clearTimeout(p.timer)
      const outputs = this.splitters.map((s) => s.take(frames.length))
      // the frames handed out must be this segment's: first and last on its first and last input
      const near = (a: number | undefined, b: number | undefined) =>
        a !== undefined && b !== undefined && Math.abs(a - b) <= frameTicks / 2
      if (!outputs.every((o) => near(o.pts[0], ptsSorted[0]) && near(o.pts.at(-1), ptsSorted.at(-1)))) {
        p.reject(new Error('ffmpeg output frames do not match the segment'))
        this.fail(new Error('ffmpeg output lost its place'))
        return
      }
      p.resolve(outputs.map((o) => o.data))
    }
  }

  private fail(err: Error): void {
    this.failed ??= err
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer)
      p.reject(this.failed)
    }
    this.child.kill('SIGKILL')
  }

  /** Takes no more segments; ffmpeg exits once the ones written are out. Idempotent. */
  end(): void {
    if (this.ended) return
    this.ended = true
    if (this.pending.length === 0) this.kill()
    else this.child.stdin?.end()
  }

  /** Kills ffmpeg; segments in flight fail. Idempotent. */
  kill(): void {
    this.ended = true
    this.fail(new Error('continuous transcode closed'))
  }
}
