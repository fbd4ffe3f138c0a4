import { describe, expect, it } from 'vitest'
import { FramePtsLog, framePtsFilter, InputTimestamps } from './InputTimestamps.ts'

/** Input RTP timestamps of a camera at a perfectly regular 30 fps (the hardest case to align). */
const input = (n: number, base = 0xfffff000) => Array.from({ length: n }, (_, i) => (base + i * 3000) >>> 0)

describe('InputTimestamps', () => {
  it('maps decoded pts back to the RTP timestamps, whatever frame the decoder started from', () => {
    const ts = new InputTimestamps()
    const rtp = input(60)
    const tags = rtp.map((t) => ts.tag(t))
    expect(new Set(tags).size).toBe(60)
    // ffmpeg lost the first 7 frames (not yet bound) and counts pts from frame 7's tag, shifted
    const base = tags[7]! - 1234
    const decoded = [12, 13, 15, 16, 20] // frames it could decode, in order
    for (const [i, k] of decoded.entries()) ts.handleDecodedPts(i, tags[k]! - base)
    for (const [i, k] of decoded.entries()) expect(ts.inputTimestampOf(i)).toBe(rtp[k])
  })
  it('needs two decoded frames before it knows the clock, then maps each frame at once', () => {
    const ts = new InputTimestamps()
    const tags = input(30).map((t) => ts.tag(t))
    ts.handleDecodedPts(0, tags[5]! - tags[3]!)
    expect(ts.inputTimestampOf(0)).toBeUndefined()
    ts.handleDecodedPts(1, tags[6]! - tags[3]!)
    expect(ts.inputTimestampOf(0)).toBe(input(30)[5])
    ts.handleDecodedPts(2, tags[9]! - tags[3]!)
    expect(ts.inputTimestampOf(2)).toBe(input(30)[9])
  })
  it('gives every packet of a frame the same tag, also when packets come late', () => {
    const ts = new InputTimestamps()
    const a = ts.tag(9000)
    const b = ts.tag(12_000)
    expect(ts.tag(9000)).toBe(a)
    expect(b).not.toBe(a)
    expect(ts.latest).toBe(12_000)
  })
  it('finds the clock again after the decoder restarts', () => {
    const ts = new InputTimestamps()
    const rtp = input(40)
    const tags = rtp.map((t) => ts.tag(t))
    for (const [i, k] of [2, 3, 4].entries()) ts.handleDecodedPts(i, tags[k]! - tags[2]!)
    ts.resetDecoder()
    const base = tags[20]! + 77
    for (const [i, k] of [21, 22, 23].entries()) ts.handleDecodedPts(10 + i, tags[k]! - base)
    expect([10, 11, 12].map((i) => ts.inputTimestampOf(i))).toEqual([rtp[21], rtp[22], rtp[23]])
  })
  it('unknown pts stay unresolved', () => {
    const ts = new InputTimestamps()
    for (const t of input(10)) ts.tag(t)
    ts.handleDecodedPts(0, 1)
    ts.handleDecodedPts(1, 2)
    expect(ts.inputTimestampOf(0)).toBeUndefined()
    expect(ts.inputTimestampOf(1)).toBeUndefined()
  })
})

describe('FramePtsLog', () => {
  it('numbers the frames in order and reads their pts, across chunk boundaries', () => {
    const got: Array<[number, number | undefined]> = []
    const log = new FramePtsLog((n, pts) => got.push([n, pts]))
    log.push('frame:0    pts:3000    pts_time:0.0333\nprism=1\nfra')
    log.push('me:1    pts:6123    pts_time:0.068\nprism=1\nframe:2    pts:NOPTS  pts_time:NOPTS\n')
    // the filter graph was rebuilt (new input size): ffmpeg counts from 0 again, the log does not
    log.push('frame:0    pts:9000    pts_time:0.1\nprism=1\n')
    expect(got).toEqual([
      [0, 3000],
      [1, 6123],
      [2, undefined],
      [3, 9000],
    ])
  })
  it('names the filter with the escaped pipe', () => {
    expect(framePtsFilter(3)).toBe(
      'metadata=mode=add:key=prism:value=1,metadata=mode=print:file=pipe\\\\:3:direct=1',
    )
  })
})
