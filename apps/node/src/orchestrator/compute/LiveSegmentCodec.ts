/**
 * MPEG-TS segments in and out of a live AI runner, with ffmpeg: probe (size, frame rate, start
 * time), decode to rgb24 frames, encode frames back to an H.264 MPEG-TS segment whose timestamps
 * start where the input's did (the output keeps the input's timeline).
 */
import { runFfmpegJob } from '../../media/ffmpeg/runFfmpegJob.ts'

/** What a segment holds. */
export type SegmentProbe = { width: number; height: number; fps: number; startSeconds: number }

/** Frame size (width, height). */
export type FrameSize = { width: number; height: number }

/** The `ai` pipeline's sides are multiples of this. */
const CHAIN_MULTIPLE = 8

/** Largest side the chain runs at (the `ai` pipeline's limit). */
const MAX_SIDE = 1024
const MIN_SIDE = 64

function even(n: number): number {
  return Math.max(2, n - (n % 2))
}

/**
 * The size the model chain runs at for a segment of `p`'s size (the `ai` pipeline's rule: sides
 * that are multiples of 8 within 64…1024): scaled down to fit 1024 keeping the aspect ratio, then
 * each side rounded to the nearest multiple of 8 (e.g. 320×180 runs at 320×184, 854×480 at
 * 856×480, 1280×720 at 1024×576). Frames are scaled to it on decode and back to the segment's size
 * on encode.
 * @example chainSize({ width: 320, height: 180 }) // { width: 320, height: 184 }
 */
export function chainSize(p: FrameSize): FrameSize {
  const fit = Math.min(1, MAX_SIDE / Math.max(p.width, p.height))
  const side = (n: number) =>
    Math.max(MIN_SIDE, Math.min(MAX_SIDE, Math.round((n * fit) / CHAIN_MULTIPLE) * CHAIN_MULTIPLE))
  return { width: side(p.width), height: side(p.height) }
}

/**
 * Probes a segment's first video stream.
 * @throws Error when ffprobe fails or finds no video (garbage bytes).
 */
export async function probeSegment(ts: Uint8Array): Promise<SegmentProbe> {
  const { stdout } = await runFfmpegJob(
    'ffprobe',
    [
      '-v',
      'error',
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,r_frame_rate,start_time',
      '-of',
      'json',
    ],
    { stdin: ts, timeoutMs: 20_000 },
  )
  const s = (
    JSON.parse(stdout.toString()) as {
      streams?: Array<{ width?: number; height?: number; r_frame_rate?: string; start_time?: string }>
    }
  ).streams?.[0]
  if (!s?.width || !s.height) throw new Error('no video stream in segment')
  const [num, den] = (s.r_frame_rate ?? '30/1').split('/').map(Number)
  const fps = num && den ? num / den : 30
  return {
    width: even(s.width),
    height: even(s.height),
    fps: fps > 0 && fps <= 120 ? fps : 30,
    startSeconds: Number(s.start_time ?? 0) || 0,
  }
}

/**
 * Decodes a segment to rgb24 frames of `width`×`height`.
 * @throws Error when ffmpeg fails.
 */
export async function decodeSegment(ts: Uint8Array, width: number, height: number): Promise<Uint8Array[]> {
  const { stdout } = await runFfmpegJob(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-an',
      '-fps_mode',
      'passthrough',
      '-vf',
      `scale=${width}:${height}`,
      '-pix_fmt',
      'rgb24',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { stdin: ts, timeoutMs: 30_000 },
  )
  const size = width * height * 3
  const frames: Uint8Array[] = []
  for (let o = 0; o + size <= stdout.length; o += size) frames.push(stdout.subarray(o, o + size))
  return frames
}

/**
 * Encodes rgb24 frames of `size` (default: the segment's) to one H.264 MPEG-TS segment of `p`'s
 * size (scaled when they differ; a keyframe first, no B-frames) whose first timestamp is
 * `startSeconds`.
 * @throws Error when ffmpeg fails.
 */
export async function encodeSegment(
  frames: readonly Uint8Array[],
  p: SegmentProbe,
  size: FrameSize = p,
): Promise<Uint8Array> {
  const scale =
    size.width === p.width && size.height === p.height ? [] : ['-vf', `scale=${p.width}:${p.height}`]
  const { stdout } = await runFfmpegJob(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${size.width}x${size.height}`,
      '-framerate',
      String(p.fps),
      '-i',
      'pipe:0',
      ...scale,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'zerolatency',
      '-bf',
      '0',
      '-g',
      String(Math.max(1, frames.length)),
      '-pix_fmt',
      'yuv420p',
      '-output_ts_offset',
      String(p.startSeconds),
      '-muxdelay',
      '0',
      '-muxpreload',
      '0',
      '-f',
      'mpegts',
      'pipe:1',
    ],
    { stdin: Buffer.concat(frames), timeoutMs: 60_000 },
  )
  return stdout
}
