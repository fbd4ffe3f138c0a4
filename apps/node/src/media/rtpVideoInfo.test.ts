import { describe, expect, it } from 'vitest'
import { parseH264Sps, parseRtpHeader, sizeFromRtpPayload } from './rtpVideoInfo.ts'

// SPS NAL units written by libx264 (ffmpeg testsrc2), and the first bytes of a libvpx keyframe.
const SPS_640x360_BASELINE = Buffer.from('6742c01ed900a02ff970110000030001000003003c0f162e48', 'hex')
const SPS_426x240_HIGH = Buffer.from('67640015acd941b1fe4f0110000003001000000303c0f162d960', 'hex')
const VP8_KEYFRAME_320x240 = Buffer.from('706e009d012a4001f000', 'hex')

describe('parseH264Sps', () => {
  it('reads the cropped size of a baseline SPS', () => {
    expect(parseH264Sps(SPS_640x360_BASELINE)).toEqual({ width: 640, height: 360 })
  })
  it('reads a high-profile SPS with cropping to an odd width', () => {
    expect(parseH264Sps(SPS_426x240_HIGH)).toEqual({ width: 426, height: 240 })
  })
  it('returns undefined on truncated data', () => {
    expect(parseH264Sps(SPS_640x360_BASELINE.subarray(0, 4))).toBeUndefined()
  })
})

describe('sizeFromRtpPayload', () => {
  it('finds the SPS inside a STAP-A aggregate', () => {
    const len = Buffer.alloc(2)
    len.writeUInt16BE(SPS_640x360_BASELINE.length)
    const stap = Buffer.concat([
      Buffer.from([24]),
      len,
      SPS_640x360_BASELINE,
      Buffer.from([0, 2, 0x68, 0xce]),
    ])
    expect(sizeFromRtpPayload('H264', stap)).toEqual({ width: 640, height: 360 })
  })
  it('reads a VP8 keyframe header after the payload descriptor', () => {
    const payload = Buffer.concat([Buffer.from([0x10]), VP8_KEYFRAME_320x240])
    expect(sizeFromRtpPayload('VP8', payload)).toEqual({ width: 320, height: 240 })
  })
  it('ignores VP8 packets that do not start a partition', () => {
    expect(
      sizeFromRtpPayload('VP8', Buffer.concat([Buffer.from([0x00]), VP8_KEYFRAME_320x240])),
    ).toBeUndefined()
  })
})

describe('parseRtpHeader', () => {
  it('reads marker, timestamp and payload offset, skipping an extension', () => {
    const p = Buffer.alloc(24)
    p[0] = 0x90 // v2, extension
    p[1] = 0x80 | 96
    p.writeUInt16BE(7, 2)
    p.writeUInt32BE(90000, 4)
    p.writeUInt32BE(1234, 8)
    p.writeUInt16BE(0xbede, 12)
    p.writeUInt16BE(1, 14) // one 32-bit word of extension
    const h = parseRtpHeader(p)
    expect(h).toMatchObject({
      marker: true,
      payloadType: 96,
      sequenceNumber: 7,
      timestamp: 90000,
      ssrc: 1234,
      payloadOffset: 20,
    })
  })
  it('rejects non-RTP bytes', () => {
    expect(parseRtpHeader(Buffer.from([1, 2, 3]))).toBeUndefined()
  })
})
