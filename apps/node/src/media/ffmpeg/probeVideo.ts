/**
 * Probes video with ffprobe (an MPEG-TS segment in memory, or a file or URL such as an HLS
 * playlist): video size and the number of video frames (packets),
 * and grabs one decoded frame as rgb24 pixels for SSIM.
 */
import type { Rgb24Frame } from '@prism/gpu'
import { runFfmpegJob } from './runFfmpegJob.ts'

/** What {@link probeVideo} reports. */
export type VideoProbe = { width: number; height: number; frames: number }

/**
 * Width, height and frame count of the first video stream of an MPEG-TS byte buffer, or of a file
 * or URL (`string`, any format ffprobe reads).
 *
 * @throws Error when ffprobe fails or finds no video stream.
 * @example
 * const { width, height, frames } = await probeVideo(tsBytes)
 * await probeVideo('http://127.0.0.1:8935/live/cam/hls/P240p30fps16x9/index.m3u8')
 */
export async function probeVideo(input: Uint8Array | string): Promise<VideoProbe> {
  const bytes = typeof input !== 'string'
  const { stdout } = await runFfmpegJob(
    'ffprobe',
    [
      '-v',
      'error',
      ...(bytes ? ['-f', 'mpegts', '-i', 'pipe:0'] : ['-i', input]),
      '-select_streams',
      'v:0',
      '-count_packets',
      '-show_entries',
      'stream=width,height,nb_read_packets',
      '-of',
      'json',
    ],
    bytes ? { stdin: input } : {},
  )
  const json = JSON.parse(stdout.toString()) as {
    streams?: Array<{ width?: number; height?: number; nb_read_packets?: string }>
  }
  const s = json.streams?.[0]
  if (!s?.width || !s.height) throw new Error('no video stream in segment')
  return { width: s.width, height: s.height, frames: Number(s.nb_read_packets ?? 0) }
}

/**
 * Decodes frame number `index` of an MPEG-TS buffer, scaled to `width`×`height`, as an rgb24
 * frame (the input of `@prism/gpu`'s `ssim` and `psnr`).
 *
 * @throws Error when ffmpeg fails or the frame does not exist.
 * @example
 * const frame = await grabRgbFrame(tsBytes, 0, 160, 90) // frame.data: 43200 bytes
 */
export async function grabRgbFrame(
  data: Uint8Array,
  index: number,
  width: number,
  height: number,
): Promise<Rgb24Frame> {
  const { stdout } = await runFfmpegJob(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'mpegts',
      '-i',
      'pipe:0',
      '-vf',
      `select=eq(n\\,${index}),scale=${width}:${height},format=rgb24`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { stdin: data },
  )
  if (stdout.length !== width * height * 3)
    throw new Error(`frame ${index} not found (${stdout.length} bytes)`)
  return { data: stdout, width, height }
}
