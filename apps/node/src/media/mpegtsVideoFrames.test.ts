import { describe, expect, it } from 'vitest'
import { probePackets, testTs } from './ffmpeg/testClips.ts'
import { readPesHeader } from './mpegtsPackets.ts'
import { readMpegtsVideoFrames } from './mpegtsVideoFrames.ts'

describe('readMpegtsVideoFrames', () => {
  it('reads every frame with the PTS and DTS ffprobe reports, B-frames included', async () => {
    const ts = await testTs({ bframes: 2 })
    const packets = await probePackets(ts)
    const video = readMpegtsVideoFrames(ts)!
    expect(video.streamType).toBe(0x1b)
    expect(video.frames.map((f) => [f.pts, f.dts, f.data.length])).toEqual(
      packets.map((p) => [p.pts, p.dts, p.size]),
    )
    expect(video.frames.some((f) => f.pts !== f.dts)).toBe(true)
  })

  it('finds no video in bytes that are not MPEG-TS', () => {
    expect(readMpegtsVideoFrames(Buffer.alloc(188 * 4, 1))).toBeUndefined()
  })
})

describe('readPesHeader', () => {
  it('reads a PES header’s PTS, DTS and length, the PTS standing for an absent DTS', () => {
    // PTS 0x1_0000_0001 (33 bits), DTS 90000; then PTS only
    const both = Uint8Array.of(
      0,
      0,
      1,
      0xe0,
      0x01,
      0x00,
      0x80,
      0xc0,
      10,
      0x39,
      0,
      1,
      0,
      3,
      0x11,
      0,
      0x05,
      0xbf,
      0x21,
      0xaa,
    )
    expect(readPesHeader(both)).toEqual({ pts: 2 ** 32 + 1, dts: 90000, payloadOffset: 19, length: 256 })
    const ptsOnly = Uint8Array.of(0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 0x05, 0xbf, 0x21)
    expect(readPesHeader(ptsOnly)).toEqual({ pts: 90000, dts: 90000, payloadOffset: 14, length: 0 })
    expect(readPesHeader(Uint8Array.of(0, 0, 2, 0xe0, 0, 0, 0x80, 0, 0))).toBeUndefined()
  })
})
