import { describe, expect, it } from 'vitest'
import { FrameAssembler, frameSize } from './VideoFrame.ts'
import { Y4mReader } from './Y4mReader.ts'

describe('frameSize', () => {
  it('computes I420 and RGB24 sizes', () => {
    expect(frameSize('i420', 640, 360)).toBe(640 * 360 * 1.5)
    expect(frameSize('rgb24', 4, 2)).toBe(24)
  })
})

describe('FrameAssembler', () => {
  it('reassembles frames split across arbitrary chunks', () => {
    const frames: Buffer[] = []
    const a = new FrameAssembler(4, (f) => frames.push(f))
    a.push(Buffer.from([1, 2, 3]))
    a.push(Buffer.from([4, 5, 6, 7, 8, 9]))
    expect(frames.map((f) => [...f])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ])
  })
})

describe('Y4mReader', () => {
  it('reads the size from the header and frames after FRAME lines', () => {
    const out: { width: number; height: number; data: Buffer }[] = []
    const r = new Y4mReader((f) => out.push(f))
    const frame = Buffer.alloc(frameSize('i420', 4, 2), 7)
    const stream = Buffer.concat([
      Buffer.from('YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\nFRAME\n'),
      frame,
      Buffer.from('FRAME\n'),
      frame,
    ])
    r.push(stream.subarray(0, 20))
    r.push(stream.subarray(20))
    expect(out).toHaveLength(2)
    expect(out[0]).toMatchObject({ width: 4, height: 2 })
    expect(out[1]!.data.every((b) => b === 7)).toBe(true)
  })
})
