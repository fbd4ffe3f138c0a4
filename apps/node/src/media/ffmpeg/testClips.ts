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

/**
 * Consecutive segments of one stream, as a gateway sends them: a clip (default: B-frames, a
 * keyframe every second) cut at each keyframe with its timestamps kept, PAT and PMT in front of
 * each. `opts.seconds` is the number of 1 s segments.
 * @example const [s0, s1] = await testSegments({ seconds: 2, bframes: 0 })
 */
export async function testSegments(opts: TestTsOptions = {}): Promise<Buffer[]> {
  const ts = await testTs({ gop: opts.rate ?? 25, ...opts })
  const cuts: number[] = []
  for (let off = 0; off + 188 <= ts.length; off += 188) {
    // a video packet (PID 256, as ffmpeg's muxer numbers it) that starts a PES with random access
    const pid = ((ts[off + 1]! & 0x1f) << 8) | ts[off + 2]!
    const pusi = (ts[off + 1]! & 0x40) !== 0
    const rai = (ts[off + 3]! & 0x20) !== 0 && ts[off + 4]! > 0 && (ts[off + 5]! & 0x40) !== 0
    if (pid === 256 && pusi && rai) cuts.push(off)
  }
  const head = ts.subarray(0, cuts[0])
  return cuts.map((c, i) =>
    i === 0
      ? ts.subarray(0, cuts[1] ?? ts.length)
      : Buffer.concat([head, ts.subarray(c, cuts[i + 1] ?? ts.length)]),
  )
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
