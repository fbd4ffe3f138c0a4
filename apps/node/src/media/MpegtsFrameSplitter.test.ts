import { describe, expect, it } from 'vitest'
import { probePackets, testTs } from './ffmpeg/testClips.ts'
import { MpegtsFrameSplitter } from './MpegtsFrameSplitter.ts'
import { readMpegtsVideoFrames } from './mpegtsVideoFrames.ts'
import { mpegtsVideoInfo } from './mpegtsVideoInfo.ts'

/** 20 frames of 160x90 H.264 in MPEG-TS, with or without video PES lengths. */
async function encoded(pesLengths: boolean): Promise<Buffer> {
  return testTs({
    seconds: 0.8,
    bframes: 0,
    gop: 10,
    // tables once, at the start
    extra: ['-omit_video_pes_length', pesLengths ? '0' : '1', '-pat_period', '1000', '-sdt_period', '1000'],
  })
}

describe('MpegtsFrameSplitter', () => {
  it('counts a frame once all its bytes are in, whatever the chunks, and cuts runs that play on their own', async () => {
    const ts = await encoded(true)
    const all = readMpegtsVideoFrames(ts)!.frames
    const split = new MpegtsFrameSplitter()
    const seen: number[] = []
    // 100-byte chunks: packets and frames cut anywhere
    for (let i = 0; i < ts.length; i += 100) {
      split.push(ts.subarray(i, i + 100))
      seen.push(split.wholeFrames)
    }
    expect(split.problem).toBeUndefined()
    expect(split.wholeFrames).toBe(20)
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true)
    expect(seen[Math.floor(seen.length / 2)]).toBeLessThan(20)
    const first = split.take(10)
    const second = split.take(10)
    expect(split.wholeFrames).toBe(0)
    expect(() => split.take(1)).toThrow(RangeError)
    expect(first.pts).toEqual(all.slice(0, 10).map((f) => f.pts))
    expect(second.pts).toEqual(all.slice(10).map((f) => f.pts))
    // the first run has the tables the muxer wrote; the second none of its own: they are put in front
    const pids = (b: Buffer) =>
      Array.from({ length: b.length / 188 }, (_, i) => ((b[i * 188 + 1]! & 0x1f) << 8) | b[i * 188 + 2]!)
    expect(pids(first.data).slice(0, 3)).toEqual([0x11, 0, 4096])
    expect(pids(first.data).filter((p) => p === 0)).toHaveLength(1)
    expect(pids(second.data).slice(0, 3)).toEqual([0, 4096, 256])
    for (const run of [first, second]) {
      expect(mpegtsVideoInfo(run.data)).toEqual({ frames: 10, width: 160, height: 90 })
      expect(await probePackets(run.data)).toHaveLength(10)
    }
  })

  it('leaves a run it handed out untouched while the next frames arrive', async () => {
    const ts = await encoded(true)
    const split = new MpegtsFrameSplitter()
    let first: { data: Buffer; pts: number[] } | undefined
    let copy: Buffer | undefined
    for (let i = 0; i < ts.length; i += 1000) {
      split.push(ts.subarray(i, i + 1000))
      if (!first && split.wholeFrames >= 10) {
        first = split.take(10)
        copy = Buffer.from(first.data)
      }
    }
    const second = split.take(10)
    expect(first!.data.equals(copy!)).toBe(true)
    expect(mpegtsVideoInfo(first!.data)).toEqual({ frames: 10, width: 160, height: 90 })
    expect(mpegtsVideoInfo(second.data)).toEqual({ frames: 10, width: 160, height: 90 })
    expect([...first!.pts, ...second.pts]).toEqual(readMpegtsVideoFrames(ts)!.frames.map((f) => f.pts))
  })

  it('says a stream without video PES lengths cannot be cut', async () => {
    const split = new MpegtsFrameSplitter()
    split.push(await encoded(false))
    expect(split.problem).toBe('unbounded-frame')
    expect(split.wholeFrames).toBeLessThan(20)
  })
})
