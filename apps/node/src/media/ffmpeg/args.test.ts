import { describe, expect, it } from 'vitest'
import { h264EncodeArgs, liveEncoderThreadArgs, rtpInputArgs } from './args.ts'
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

describe('rtpInputArgs', () => {
  it('asks for one decoder thread as an input option (before -i, not for the outputs)', () => {
    const args = rtpInputArgs('/tmp/in.sdp')
    const threads = args.indexOf('-threads')
    expect(threads).toBeGreaterThanOrEqual(0)
    expect(args[threads + 1]).toBe('1')
    expect(threads).toBeLessThan(args.indexOf('-i'))
    expect(args.slice(-2)).toEqual(['-i', '/tmp/in.sdp'])
  })
})
