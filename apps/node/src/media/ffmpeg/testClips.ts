/**
 * Clips for the media tests: testsrc2 encoded by ffmpeg's libx264 (or another encoder) into
 * MPEG-TS, and what ffprobe reads of a stream's video packets. Test support only.
 */
import { runFfmpegJob } from './runFfmpegJob.ts'

/** What {@link testTs} encodes. */
export type TestTsOptions = {
  /** `WxH`. Default: `160x90`. */
  size?: string
  /** Frames per second. Default: 25. */
  rate?: number
  /** Length in seconds. Default: 1. */
  seconds?: number
  /** Encoder. Default: `libx264` (preset veryfast). */
  codec?: string
  /** libx264 B-frames. Default: x264's own (3 at veryfast). */
  bframes?: number
  /** libx264 keyframe interval in frames. Default: x264's own. */
  gop?: number
  /** More output options, before the format. */
  extra?: string[]
}

/**
 * An MPEG-TS clip of testsrc2.
 * @example const ts = await testTs({ bframes: 0, seconds: 2 })
 */
export async function testTs(opts: TestTsOptions = {}): Promise<Buffer> {
  const codec = opts.codec ?? 'libx264'
  const x264 = codec === 'libx264'
  const { stdout } = await runFfmpegJob('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${opts.size ?? '160x90'}:rate=${opts.rate ?? 25}`],
    ...['-t', String(opts.seconds ?? 1), '-c:v', codec, '-pix_fmt', 'yuv420p'],
    ...(x264 ? ['-preset', 'veryfast'] : []),
    ...(x264 && opts.bframes !== undefined ? ['-bf', String(opts.bframes)] : []),
    ...(x264 && opts.gop !== undefined ? ['-g', String(opts.gop)] : []),
    ...(opts.extra ?? []),
    ...['-f', 'mpegts', 'pipe:1'],
  ])
  return stdout
}

/** One video packet as ffprobe reports it. */
export type ProbedPacket = { pts: number; dts: number; size: number; key: boolean }

/**
 * The video packets of a stream (any container ffprobe reads on stdin), in order.
 * @example (await probePackets(ts)).filter((p) => p.key).length
 */
export async function probePackets(data: Uint8Array): Promise<ProbedPacket[]> {
  const { stdout } = await runFfmpegJob(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts,dts,size,flags',
      '-of',
      'json',
      'pipe:0',
    ],
    { stdin: data },
  )
  const { packets } = JSON.parse(stdout.toString()) as {
    packets: Array<{ pts: number; dts: number; size: string; flags: string }>
  }
  return packets.map((p) => ({ pts: p.pts, dts: p.dts, size: Number(p.size), key: p.flags.startsWith('K') }))
}
