import { describe, expect, it } from 'vitest'
import { mpegtsVideoInfo } from '../mpegtsVideoInfo.ts'
import { probeVideo } from './probeVideo.ts'
import { runFfmpegJob } from './runFfmpegJob.ts'
import { segmentTranscodeThreads, transcodeSegment } from './transcodeSegment.ts'
import { WarmFfmpegJobs } from './WarmFfmpegJobs.ts'

/** One second of 320x180 25 fps H.264 (with B-frames) in MPEG-TS. */
async function segment(): Promise<Buffer> {
  const { stdout } = await runFfmpegJob('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=25',
    '-t',
    '1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mpegts',
    'pipe:1',
  ])
  return stdout
}

const specs = [
  { name: 'small', width: 160, height: 90, fps: 25, bitrateKbps: 200 },
  { name: 'same', width: 320, height: 180, fps: 25, bitrateKbps: 400 },
]

describe('mpegtsVideoInfo', () => {
  it('reads the frames and the H.264 picture size ffprobe reports', async () => {
    const ts = await segment()
    const probe = await probeVideo(ts)
    expect(mpegtsVideoInfo(ts)).toEqual({ frames: probe.frames, width: 320, height: 180 })
    expect(probe.frames).toBe(25)
  })

  it('finds no video in bytes that are not MPEG-TS', () => {
    expect(mpegtsVideoInfo(Buffer.alloc(188 * 4, 1))).toBeUndefined()
  })
})

describe('transcodeSegment', () => {
  it('encodes every rendition through pipes, with its size, frames and pixels', async () => {
    const ts = await segment()
    const out = await transcodeSegment(ts, specs)
    expect(out.map((r) => [r.profile, r.width, r.height, r.frames])).toEqual([
      ['small', 160, 90, 25],
      ['same', 320, 180, 25],
    ])
    for (const r of out) {
      expect(r.pixels).toBe(r.width * r.height * r.frames)
      const probe = await probeVideo(r.data)
      expect([probe.width, probe.height, probe.frames]).toEqual([r.width, r.height, r.frames])
    }
  })

  it('takes its ffmpeg from warm jobs segment after segment, and fails with ffmpeg’s text', async () => {
    const warm = new WarmFfmpegJobs()
    try {
      const ts = await segment()
      for (let i = 0; i < 3; i++) {
        const out = await transcodeSegment(ts, specs, { jobs: warm })
        expect(out.map((r) => r.frames)).toEqual([25, 25])
      }
      await expect(transcodeSegment(Buffer.from('not a segment'), specs, { jobs: warm })).rejects.toThrow(
        /ffmpeg exited/,
      )
    } finally {
      warm.close()
    }
  })

  it('runs one thread per decoder and encoder or several, with the same renditions', async () => {
    const ts = await segment()
    const one = await transcodeSegment(ts, specs, { threads: 1 })
    const four = await transcodeSegment(ts, specs, { threads: 4 })
    expect(one.map((r) => [r.width, r.height, r.frames])).toEqual(
      four.map((r) => [r.width, r.height, r.frames]),
    )
    expect(one.map((r) => r.frames)).toEqual([25, 25])
  })
})

describe('segmentTranscodeThreads', () => {
  it('shares the cores among the two segments of a session that run at once, at least one thread', () => {
    expect([1, 2, 3, 4, 16].map((cores) => segmentTranscodeThreads(cores))).toEqual([1, 1, 1, 2, 8])
  })
})
