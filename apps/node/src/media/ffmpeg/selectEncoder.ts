/**
 * Chooses the H.264 encoder at start: `h264_nvenc` when a short test encode succeeds, else
 * `libx264`. The result is cached per process and logged by the caller.
 */
import { FfmpegProcess } from './FfmpegProcess.ts'

/** H.264 encoders the node can use. */
export type H264Encoder = 'h264_nvenc' | 'libx264'

/** Result of {@link selectH264Encoder}. */
export type EncoderChoice = { encoder: H264Encoder; reason: string }

let cached: Promise<EncoderChoice> | undefined

/**
 * Runs a 5-frame test encode with h264_nvenc (unless `nvidia` is false) and returns the encoder to use.
 *
 * @param nvidia `false` skips the NVENC probe; `true` or `'auto'` probe it. Default: 'auto'.
 * @example
 * const { encoder, reason } = await selectH264Encoder()
 */
export function selectH264Encoder(nvidia: boolean | 'auto' = 'auto'): Promise<EncoderChoice> {
  if (nvidia === false)
    return Promise.resolve({ encoder: 'libx264', reason: 'NVENC disabled by configuration' })
  cached ??= (async () => {
    const p = new FfmpegProcess({
      name: 'nvenc-probe',
      args: [
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=256x144:rate=30',
        '-frames:v',
        '5',
        '-c:v',
        'h264_nvenc',
        '-f',
        'null',
        '-',
      ],
    })
    const code = await p.exited
    if (code === 0) return { encoder: 'h264_nvenc', reason: 'NVENC test encode succeeded' } as EncoderChoice
    const line = p.stderrTail.split('\n').find((l) => /cannot|error|fail/i.test(l)) ?? `exit ${code}`
    return { encoder: 'libx264', reason: `NVENC test encode failed: ${line.trim()}` } as EncoderChoice
  })()
  return cached
}
