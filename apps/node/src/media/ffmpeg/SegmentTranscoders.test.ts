import { afterEach, describe, expect, it } from 'vitest'
import { readMpegtsVideoFrames } from '../mpegtsVideoFrames.ts'
import { mpegtsVideoInfo } from '../mpegtsVideoInfo.ts'
import { ContinuousTranscoder } from './ContinuousTranscoder.ts'
import { runFfmpegJob } from './runFfmpegJob.ts'
import { SegmentTranscoders } from './SegmentTranscoders.ts'
import { planSegment } from './segmentPlan.ts'
import { probePackets, testSegments } from './testClips.ts'
import { type SegmentRendition, transcodeSegment } from './transcodeSegment.ts'

/** `count` consecutive 1 s segments of one 25 fps 320x180 stream (B-frames by default). */
const stream = (count: number, bframes = 3) => testSegments({ size: '320x180', seconds: count, bframes })

const specs = [
  { name: 'small', width: 160, height: 90, fps: 25, bitrateKbps: 200 },
  { name: 'same', width: 320, height: 180, fps: 25, bitrateKbps: 400 },
]

/** Luma planes of every frame of an MPEG-TS rendition. */
async function lumas(r: SegmentRendition): Promise<Buffer[]> {
  const { stdout } = await runFfmpegJob(
    'ffmpeg',
    ['-v', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    { stdin: r.data },
  )
  const size = r.width * r.height
  return Array.from({ length: stdout.length / size }, (_, i) => stdout.subarray(i * size, (i + 1) * size))
}

/** PSNR (dB) of two luma planes. */
function psnr(a: Buffer, b: Buffer): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2
  return 10 * Math.log10((255 * 255) / Math.max(sum / a.length, 1e-9))
}

let transcoders: SegmentTranscoders | undefined
afterEach(() => transcoders?.close())

describe('SegmentTranscoders', () => {
  it('runs a session’s consecutive segments through one ffmpeg, each rendition whole and the same frames a process per segment gives', async () => {
    const segments = await stream(4)
    transcoders = new SegmentTranscoders()
    const t = transcoders
    const continuous = await Promise.all(segments.map((s) => t.transcode(s, specs, { session: 's1' })))
    expect(t.counts).toMatchObject({ continuous: 4, perSegment: 0, runs: 1, runFailures: 0 })
    for (const [i, seg] of segments.entries()) {
      const own = await transcodeSegment(seg, specs)
      const inputFrames = readMpegtsVideoFrames(seg)!.frames.length
      expect(continuous[i]!.map((r) => [r.profile, r.width, r.height, r.frames])).toEqual(
        own.map((r) => [r.profile, r.width, r.height, inputFrames]),
      )
      for (const [j, r] of continuous[i]!.entries()) {
        expect(r.pixels).toBe(r.width * r.height * inputFrames)
        expect(mpegtsVideoInfo(r.data)?.frames).toBe(inputFrames)
        // same timestamps, a keyframe first: the segment plays on its own
        const got = await probePackets(r.data)
        const want = await probePackets(own[j]!.data)
        expect(got.map((p) => p.pts)).toEqual(want.map((p) => p.pts))
        expect(got[0]!.key).toBe(true)
        // the same pictures in the same places (a frame off by one scores far lower)
        const [a, b] = [await lumas(r), await lumas(own[j]!)]
        expect(a).toHaveLength(b.length)
        for (let k = 0; k < a.length; k++) expect(psnr(a[k]!, b[k]!)).toBeGreaterThan(32)
        if (a.length > 1) expect(psnr(a[1]!, b[0]!)).toBeLessThan(32)
      }
    }
  }, 120_000)

  it('starts a new run after a gap, and sends segments that cannot join a run to their own ffmpeg', async () => {
    // without B-frames this time, as a live encoder makes them
    const segments = await stream(4, 0)
    transcoders = new SegmentTranscoders()
    const t = transcoders
    // segment 1 went elsewhere: 2 does not continue 0
    for (const i of [0, 2, 3]) {
      const out = await t.transcode(segments[i]!, specs, { session: 's2' })
      expect(out.map((r) => r.frames)).toEqual([25, 25])
      expect((await probePackets(out[0]!.data))[0]!.key).toBe(true)
    }
    expect(t.counts).toMatchObject({ continuous: 3, runs: 2 })
    // without a session, at another frame rate (timestamps off its grid), or with a test fault: own ffmpeg
    await t.transcode(segments[0]!, specs)
    await t.transcode(
      segments[0]!,
      specs.map((s) => ({ ...s, fps: 30 })),
      { session: 's3' },
    )
    const faulty = await t.transcode(segments[0]!, specs, {
      session: 's4',
      faultScale: { width: 96, height: 54 },
    })
    expect(faulty.map((r) => r.width)).toEqual([96, 96])
    expect(t.counts).toMatchObject({ continuous: 3, perSegment: 3, runs: 2 })
  }, 120_000)

  it('sends a segment to its own ffmpeg when its run fails, and the session’s later ones too', async () => {
    const segments = await stream(2)
    // a run that must return its frames within 1 ms fails
    transcoders = new SegmentTranscoders({ waitMs: 1 })
    const t = transcoders
    for (const seg of segments) {
      const out = await t.transcode(seg, specs, { session: 's5' })
      expect(out.map((r) => r.frames)).toEqual([25, 25])
    }
    expect(t.counts).toMatchObject({ continuous: 0, perSegment: 2, runs: 1, runFailures: 1 })
    // a new session gets a run again
    t.endSession('s5')
    await t.transcode(segments[0]!, specs, { session: 's5' }).catch(() => {})
    expect(t.counts.runs).toBe(2)
  }, 120_000)

  it('fails a segment ffmpeg cannot read with ffmpeg’s text, and takes none after close', async () => {
    transcoders = new SegmentTranscoders()
    const t = transcoders
    await expect(t.transcode(Buffer.from('not a segment'), specs, { session: 's6' })).rejects.toThrow(
      /ffmpeg exited/,
    )
    t.close()
    const [seg] = await stream(1)
    await t.transcode(seg!, specs, { session: 's6' })
    expect(t.counts.runs).toBe(0)
  }, 60_000)
})

describe('ContinuousTranscoder', () => {
  it('flushes every frame out with one decoder thread or several, and refuses a segment that does not continue', async () => {
    const segments = await stream(3)
    const plans = segments.map((s) => planSegment(s, 25))
    if (plans.some((p) => typeof p === 'string')) throw new Error(`not planned: ${plans.join()}`)
    const [p0, p1, p2] = plans as Exclude<(typeof plans)[number], string>[]
    for (const decoderThreads of [1, 3]) {
      const run = new ContinuousTranscoder(specs, { decoderThreads })
      try {
        expect(run.ready).toBe(true)
        const outputs = await Promise.all([run.push(p0!), run.push(p1!)])
        expect(outputs.map((o) => o.map((d) => mpegtsVideoInfo(d)?.frames))).toEqual([
          [25, 25],
          [25, 25],
        ])
        expect(run.fits(p0!)).toBe(false)
        await expect(run.push(p0!)).rejects.toThrow(RangeError)
        expect(run.fits(p2!)).toBe(true)
      } finally {
        run.kill()
      }
      expect(run.fits(p2!)).toBe(false)
    }
  }, 60_000)
})
