/**
 * MPEG-TS segments in and out of a live AI runner, with ffmpeg: probe (size, frame rate, start
 * time), decode to rgb24 frames, encode frames back to an H.264 MPEG-TS segment whose timestamps
 * start where the input's did (the output keeps the input's timeline).
 */
import { runFfmpegJob } from '../../media/ffmpeg/runFfmpegJob.ts'

/** What a segment holds. */
export type SegmentProbe = { width: number; height: number; fps: number; startSeconds: number }

/** Largest side the chain runs at (the `ai` pipeline's limit). */
const MAX_SIDE = 1024
const MIN_SIDE = 64

function even(n: number): number {
  return Math.max(MIN_SIDE, Math.min(MAX_SIDE, n - (n % 2)))
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
 * Encodes rgb24 frames to one H.264 MPEG-TS segment (a keyframe first, no B-frames) whose first
 * timestamp is `startSeconds`.
 * @throws Error when ffmpeg fails.
 */
export async function encodeSegment(frames: readonly Uint8Array[], p: SegmentProbe): Promise<Uint8Array> {
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
      `${p.width}x${p.height}`,
      '-framerate',
      String(p.fps),
      '-i',
      'pipe:0',
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
