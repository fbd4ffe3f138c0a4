import { describe, expect, it } from 'vitest'
import { ReturnTimestamps } from './ReturnTimestamps.ts'

/** An RTP packet (12-byte header) with this timestamp. */
function packet(ts: number): Buffer {
  const b = Buffer.alloc(20)
  b[0] = 0x80
  b.writeUInt32BE(ts >>> 0, 4)
  return b
}
const tsOf = (b: Buffer) => b.readUInt32BE(4)

describe('ReturnTimestamps', () => {
  it('gives each encoder frame, all its packets, the input timestamp of the frame written', () => {
    const rt = new ReturnTimestamps()
    rt.frameWritten(90_000)
    rt.frameWritten(96_000) // frame 93_000 was dropped by the node: never written
    const out = [packet(5), packet(5), packet(3005), packet(3005), packet(3005)].map((p) =>
      tsOf(rt.rewrite(p)),
    )
    expect(out).toEqual([90_000, 90_000, 96_000, 96_000, 96_000])
  })
  it('labels a frame without a known input timestamp previous + 1 (no real input frame has it)', () => {
    let latest = 50_000
    const rt = new ReturnTimestamps(() => latest)
    rt.frameWritten(undefined) // the first frame, before the decoder clock is known
    rt.frameWritten(10_000) // older than the first label: cannot go back
    rt.frameWritten(60_000)
    rt.frameWritten(undefined)
    const first = tsOf(rt.rewrite(packet(3000)))
    latest = 70_000 // later frames without their own label follow the previous one, not the newest input
    const out = [2, 3, 4].map((i) => tsOf(rt.rewrite(packet(i * 3000))))
    expect([first, ...out]).toEqual([50_001, 50_002, 60_000, 60_001])
  })
  it('stays increasing across the 32-bit wrap', () => {
    const rt = new ReturnTimestamps()
    rt.frameWritten(0xffffff00)
    rt.frameWritten(0x00000100)
    expect([tsOf(rt.rewrite(packet(1))), tsOf(rt.rewrite(packet(2)))]).toEqual([0xffffff00, 0x100])
  })
})
