import { describe, expect, it } from 'vitest'
import {
  h264EncodeArgs,
  inputReaderThreadArgs,
  liveDecoderThreadArgs,
  liveEncoderThreadArgs,
  RAW_INPUT_QUEUE_FRAMES,
  rawInputArgs,
} from './args.ts'
import { runFfmpegJob } from './runFfmpegJob.ts'

/** NAL unit types of an H.264 Annex B stream, in order. */
function nalTypes(annexB: Buffer): number[] {
  const types: number[] = []
  for (let i = 0; i + 3 < annexB.length; i++) {
    if (annexB[i] === 0 && annexB[i + 1] === 0 && annexB[i + 2] === 1) {
      types.push(annexB[i + 3]! & 0x1f)
      i += 3
    }
  }
  return types
}

describe('liveEncoderThreadArgs', () => {
  it('gives libx264 one thread and leaves other encoders alone', () => {
    expect(liveEncoderThreadArgs('libx264')).toEqual(['-threads', '1'])
    expect(liveEncoderThreadArgs('h264_nvenc')).toEqual([])
  })

  it('makes the live libx264 encoder write one slice per frame (no sliced threads)', async () => {
    const frames = 6
    const { stdout } = await runFfmpegJob('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=640x360:rate=30`,
      '-frames:v',
      String(frames),
      ...h264EncodeArgs('libx264', 1000, 30),
      ...liveEncoderThreadArgs('libx264'),
      '-f',
      'h264',
      'pipe:1',
    ])
    const slices = nalTypes(stdout).filter((t) => t === 1 || t === 5)
    expect(slices).toHaveLength(frames)
  })
})

describe('liveDecoderThreadArgs', () => {
  it('decodes a two-slice stream on one thread to the same frames as with a thread pool', async () => {
    const frames = 8
    // x264's default threads under zerolatency: sliced threads, two slices per frame here
    const { stdout: h264 } = await runFfmpegJob('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-frames:v', String(frames)],
      ...h264EncodeArgs('libx264', 1000, 30),
      ...['-threads', '2', '-f', 'h264', 'pipe:1'],
    ])
    expect(nalTypes(h264).filter((t) => t === 1 || t === 5).length).toBeGreaterThan(frames)
    const decode = (threads: string[]) =>
      runFfmpegJob(
        'ffmpeg',
        [
          ...['-v', 'error', '-flags', 'low_delay', ...threads, '-f', 'h264', '-i', 'pipe:0'],
          ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
        ],
        { stdin: h264 },
      )
    const one = (await decode(liveDecoderThreadArgs())).stdout
    const pool = (await decode([])).stdout
    expect(one.length).toBe(frames * 640 * 360 * 1.5)
    expect(one.equals(pool)).toBe(true)
  })
})

describe('inputReaderThreadArgs', () => {
  it('leaves the raw input the only mapped stream: every frame comes out, unchanged and in order', async () => {
    const w = 64
    const h = 48
    const size = (w * h * 3) / 2
    const frames = 12
    // each frame a distinct flat picture, so a lost, repeated or reordered frame shows
    const input = Buffer.alloc(size * frames)
    for (let i = 0; i < frames; i++) input.fill(16 + i * 16, i * size, (i + 1) * size)
    const { stdout } = await runFfmpegJob(
      'ffmpeg',
      [
        '-v',
        'error',
        '-thread_queue_size',
        String(RAW_INPUT_QUEUE_FRAMES),
        ...rawInputArgs(w, h, 'yuv420p', 30, false),
        ...inputReaderThreadArgs(),
        '-map',
        '0:v',
        '-fps_mode',
        'passthrough',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'yuv420p',
        'pipe:1',
      ],
      { stdin: input },
    )
    expect(stdout.length).toBe(input.length)
    expect(stdout.equals(input)).toBe(true)
  })
})
