import { create } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from './codec.ts'
import { PingPongSchema, TranscodeResultSchema } from './gen/net_pb.ts'

describe('wire codec', () => {
  it('round-trips', () => {
    const ping = create(PingPongSchema, { value: new Uint8Array([1, 2, 3]) })
    expect(decodeWire(PingPongSchema, encodeWire(PingPongSchema, ping))).toEqual(ping)
  })
  it('maps protobuf failures to WIRE_DECODE_FAILED', () => {
    for (const bad of [
      new Uint8Array([0x0a, 0x05, 1]),
      new Uint8Array([0x12, 0x02, 0xff, 0xfe]),
      new Uint8Array([0x07]),
    ]) {
      expect(() => decodeWire(TranscodeResultSchema, bad)).toThrowError(
        expect.objectContaining({ code: 'WIRE_DECODE_FAILED' }),
      )
    }
  })
})
