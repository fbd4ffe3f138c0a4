import { create, toBinary } from '@bufbuild/protobuf'
import { base64Encode } from '@bufbuild/protobuf/wire'
import { stringToBytes, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { createAuthToken } from './authToken.ts'
import { SegDataSchema, SegParametersSchema, VideoProfile_Format } from './gen/net_pb.ts'
import { netCapabilities } from './netCapabilities.ts'
import { buildSegData, segDataFromHeader, segDataToHeader } from './segData.ts'
import { toNetVideoProfile, toNetVideoProfiles } from './videoProfile.ts'

describe('SegData', () => {
  it('builds as go-livepeer: one profile field by the rule, field 4 = "invalid", sig empty', () => {
    const mp4 = { ...toNetVideoProfile('P240p30fps16x9'), format: VideoProfile_Format.MP4 }
    const seg = buildSegData({ manifestId: 'm', profiles: [mp4] })
    expect(seg.fullProfiles).toEqual([])
    expect(seg.fullProfiles2.map((p) => p.name)).toEqual(['P240p30fps16x9'])
    expect(seg.fullProfiles3).toEqual([])
    expect(seg.sig).toHaveLength(0)
    const bytes = toBinary(SegDataSchema, seg)
    // field 4, length 7, "invalid"
    expect(toHex(bytes)).toContain(`2207${toHex(stringToBytes('invalid')).slice(2)}`)
    // field 34 (tag 0x92 0x02) carries the profile; 33 (0x8a 0x02) and 35 (0x9a 0x02) are absent
    expect(toHex(bytes)).toContain('9202')
  })

  it('round-trips through the Livepeer-Segment header with every field', () => {
    const seg = buildSegData({
      manifestId: 'stream-1',
      seq: 42n,
      segment: new Uint8Array([1, 2, 3]),
      durationMs: 2000,
      capabilities: netCapabilities({ capabilities: [0, 1, 12], version: '0.9.1' }),
      authToken: createAuthToken(new Uint8Array(32), 'abcd0123', 1_700_000_000n),
      profiles: toNetVideoProfiles(['P144p30fps16x9']),
      calcPerceptualHash: true,
      storage: [],
      segmentParameters: create(SegParametersSchema, { from: 100n, to: 900n }),
      forceSessionReinit: true,
    })
    seg.sig = new Uint8Array(65).fill(7)
    const header = segDataToHeader(seg)
    expect(header).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(segDataFromHeader(header)).toEqual(seg)
  })

  it("refuses a header that is not padded standard base64 with go-livepeer's text", () => {
    const bytes = toBinary(SegDataSchema, buildSegData({ manifestId: 'abc' }))
    const urlSafe = base64Encode(bytes, 'url')
    expect(() => segDataFromHeader(`${urlSafe}!`)).toThrowError(
      expect.objectContaining({ code: 'WIRE_SEGMENT_ENCODING', shortMessage: 'ErrorSegEncoding' }),
    )
  })

  it('refuses truncated protobuf', () => {
    const bytes = toBinary(SegDataSchema, buildSegData({ manifestId: 'abcdef' }))
    expect(() => segDataFromHeader(base64Encode(bytes.subarray(0, 5), 'std'))).toThrowError(
      expect.objectContaining({ code: 'WIRE_DECODE_FAILED' }),
    )
  })
})
