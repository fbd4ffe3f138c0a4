/**
 * Transcodes one MPEG-TS segment into a ladder of renditions with a single ffmpeg command
 * (the node's libx264 settings from `h264EncodeArgs`, timestamps kept so consecutive segments play
 * as one HLS stream), in and out through pipes, then counts the encoded frames of each rendition:
 * pixels = width × height × frames (docs/protocol.md §5.2).
 */
import { availableParallelism } from 'node:os'
import { mpegtsVideoInfo } from '../mpegtsVideoInfo.ts'
import { h264EncodeArgs } from './args.ts'
import { outputFd, PipedFfmpegJob } from './PipedFfmpegJob.ts'
import { probeVideo } from './probeVideo.ts'
import type { WarmFfmpegJobs } from './WarmFfmpegJobs.ts'

/** One requested output. */
export type SegmentRenditionSpec = {
  name: string
  width: number
  height: number
  fps: number
  bitrateKbps: number
}

/** One encoded rendition. */
export type SegmentRendition = {
  /** Profile name it was requested as. */
  profile: string
  width: number
  height: number
  /** Encoded video frames. */
  frames: number
  /** width × height × frames. */
  pixels: number
  /** MPEG-TS bytes. */
  data: Uint8Array
}

/**
 * Segments of one transcoding session run at once: the gateway sends a stream's next segment
 * while one transcodes, and the orchestrator runs the pair side by side.
 */
export const CONCURRENT_SEGMENT_TRANSCODES = 2

/**
 * Threads for one segment's decoder and for each of its encoders: an equal share of the cores
 * among {@link CONCURRENT_SEGMENT_TRANSCODES} segments, at least 1. A per-segment ffmpeg spends
 * much of its time starting threads and touching their fresh buffers; on 2 cores, one thread each
 * (two segments side by side) costs about a sixth less CPU than ffmpeg's default of a thread pool
 * per decoder and encoder, and finishes a segment as fast (docs/gateway.md, Benchmark).
 * @example segmentTranscodeThreads(2) // 1
 */
export function segmentTranscodeThreads(cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / CONCURRENT_SEGMENT_TRANSCODES))
}

/** Options of {@link transcodeSegment}. */
export type TranscodeSegmentOptions = {
  /** Kill ffmpeg after this many ms. Default: 60000. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Threads of the decoder and of each encoder. Default: {@link segmentTranscodeThreads}. */
  threads?: number
  /** Pre-started ffmpeg processes to take the job from. Default: a new process. */
  jobs?: WarmFfmpegJobs
  /**
   * TEST FAULT INJECTION ONLY: scale every rendition to this size instead of the requested one,
   * so that verification tests have a dishonest orchestrator. Never set in production.
   */
  faultScale?: { width: number; height: number }
}

/**
 * Transcodes `input` (MPEG-TS) into one rendition per spec: one ffmpeg reading the segment on
 * stdin and writing each rendition to a pipe (taken from `opts.jobs` when given, so that it was
 * started ahead). Frames are counted in the encoded MPEG-TS (its video packets); the size is the
 * one the rendition was scaled to.
 *
 * @throws Error with ffmpeg's stderr tail when the transcode fails.
 * @example
 * const [r] = await transcodeSegment(ts, [{ name: 'P240p30fps16x9', width: 426, height: 240, fps: 30, bitrateKbps: 600 }])
 */
export async function transcodeSegment(
  input: Uint8Array,
  specs: readonly SegmentRenditionSpec[],
  opts: TranscodeSegmentOptions = {},
): Promise<SegmentRendition[]> {
  const sizes = specs.map((s) => ({
    width: opts.faultScale?.width ?? s.width,
    height: opts.faultScale?.height ?? s.height,
  }))
  const threads = String(opts.threads ?? segmentTranscodeThreads())
  const args = ['-v', 'error', '-threads', threads, '-copyts', '-i', 'pipe:0']
  specs.forEach((s, i) => {
    const { width, height } = sizes[i]!
    args.push(
      '-map',
      '0:v:0',
      '-an',
      '-vf',
      `scale=${width}:${height}`,
      '-r',
      String(s.fps),
      // The node's libx264 settings: the profile's bitrate, a keyframe every second.
      ...h264EncodeArgs('libx264', s.bitrateKbps, s.fps),
      '-threads',
      threads,
      '-muxdelay',
      '0',
      '-f',
      'mpegts',
      `pipe:${outputFd(i)}`,
    )
  })
  const job = opts.jobs ? opts.jobs.take(args, specs.length) : new PipedFfmpegJob(args, specs.length)
  const { outputs } = await job.run(input, {
    timeoutMs: opts.timeoutMs ?? 60_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  return segmentRenditions(specs, outputs, sizes)
}

/**
 * The renditions of encoded outputs (MPEG-TS, one per spec, in order): frames counted in each
 * output's video packets (ffprobe for another container), pixels = width × height × frames.
 * `sizes` are the sizes scaled to; default: the specs' own.
 */
export function segmentRenditions(
  specs: readonly SegmentRenditionSpec[],
  outputs: readonly Uint8Array[],
  sizes: ReadonlyArray<{ width: number; height: number }> = specs,
): Promise<SegmentRendition[]> {
  return Promise.all(
    specs.map(async (s, i) => {
      const data = outputs[i]!
      const { width, height } = sizes[i]!
      const frames = mpegtsVideoInfo(data)?.frames ?? (await probeVideo(data)).frames
      return { profile: s.name, width, height, frames, pixels: width * height * frames, data }
    }),
  )
}
