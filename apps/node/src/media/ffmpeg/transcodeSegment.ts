/**
 * Transcodes one MPEG-TS segment into a ladder of renditions with a single ffmpeg command
 * (the node's libx264 settings from `h264EncodeArgs`, timestamps kept so consecutive segments play as one HLS stream), then
 * counts the encoded frames of each rendition: pixels = width × height × frames (docs/protocol.md §5.2).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { h264EncodeArgs } from './args.ts'
import { probeVideo } from './probeVideo.ts'
import { runFfmpegJob } from './runFfmpegJob.ts'

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

/** Options of {@link transcodeSegment}. */
export type TranscodeSegmentOptions = {
  /** Kill ffmpeg after this many ms. Default: 60000. */
  timeoutMs?: number
  signal?: AbortSignal
  /**
   * TEST FAULT INJECTION ONLY: scale every rendition to this size instead of the requested one,
   * so that verification tests have a dishonest orchestrator. Never set in production.
   */
  faultScale?: { width: number; height: number }
}

/**
 * Transcodes `input` (MPEG-TS) into one rendition per spec.
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
  const dir = await mkdtemp(join(tmpdir(), 'prism-seg-'))
  try {
    const inPath = join(dir, 'in.ts')
    await writeFile(inPath, input)
    const args = ['-v', 'error', '-copyts', '-i', inPath]
    specs.forEach((s, i) => {
      const w = opts.faultScale?.width ?? s.width
      const h = opts.faultScale?.height ?? s.height
      args.push(
        '-map',
        '0:v:0',
        '-an',
        '-vf',
        `scale=${w}:${h}`,
        '-r',
        String(s.fps),
        // The node's libx264 settings: the profile's bitrate, a keyframe every second.
        ...h264EncodeArgs('libx264', s.bitrateKbps, s.fps),
        '-muxdelay',
        '0',
        '-f',
        'mpegts',
        join(dir, `out${i}.ts`),
      )
    })
    await runFfmpegJob('ffmpeg', args, {
      timeoutMs: opts.timeoutMs ?? 60_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return await Promise.all(
      specs.map(async (s, i) => {
        const data = await readFile(join(dir, `out${i}.ts`))
        const probe = await probeVideo(data)
        return {
          profile: s.name,
          width: probe.width,
          height: probe.height,
          frames: probe.frames,
          pixels: probe.width * probe.height * probe.frames,
          data,
        }
      }),
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
