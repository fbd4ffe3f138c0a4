import { describe, expect, it } from 'vitest'
import { isKeyframeRequest, sourceCodec } from './StreamFanout.ts'

/** One RTCP packet: version 2, `fmt`, packet type, and `words` 32-bit words after the header. */
function rtcp(fmt: number, pt: number, words: number): Buffer {
  const b = Buffer.alloc(4 + words * 4)
  b[0] = 0x80 | fmt
  b[1] = pt
  b.writeUInt16BE(words, 2)
  return b
}

describe('isKeyframeRequest', () => {
  it('finds a PLI or FIR anywhere in a compound packet, and nothing else', () => {
    const rr = rtcp(0, 201, 1)
    expect(isKeyframeRequest(Buffer.concat([rr, rtcp(1, 206, 2)]))).toBe(true) // PLI
    expect(isKeyframeRequest(Buffer.concat([rr, rtcp(4, 206, 4)]))).toBe(true) // FIR
    expect(isKeyframeRequest(Buffer.concat([rr, rtcp(15, 206, 4)]))).toBe(false) // REMB
    expect(isKeyframeRequest(Buffer.concat([rr, rtcp(1, 205, 3)]))).toBe(false) // generic NACK
    expect(isKeyframeRequest(Buffer.alloc(2))).toBe(false)
  })
})

describe('sourceCodec', () => {
  it('declares H.264 constrained baseline, packetization mode 1, at the payload type asked', () => {
    expect(sourceCodec('H264', 106)).toMatchObject({
      mimeType: 'video/H264',
      preferredPayloadType: 106,
      parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
    })
    expect(sourceCodec('VP8')).toMatchObject({
      mimeType: 'video/VP8',
      preferredPayloadType: 96,
      parameters: {},
    })
  })
})
