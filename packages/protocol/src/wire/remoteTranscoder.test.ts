import { create } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { capabilitiesFromBitstring } from '../capabilities/capabilities.ts'
import { DEFAULT_CAPABILITIES } from '../capabilities/defaultCapabilities.ts'
import { createAuthToken } from './authToken.ts'
import { NotifySegmentSchema, RegisterRequestSchema } from './gen/net_pb.ts'
import { netCapabilities } from './netCapabilities.ts'
import { acceptRegisterRequest, teardownSessionId } from './remoteTranscoder.ts'
import { buildSegData } from './segData.ts'

describe('remote transcoder rules', () => {
  it('accepts the shared secret and a positive capacity', () => {
    const caps = netCapabilities({ capabilities: [0, 1, 12] })
    expect(
      acceptRegisterRequest(
        create(RegisterRequestSchema, { secret: 's', capacity: 2n, capabilities: caps }),
        's',
      ),
    ).toBe(caps)
    const dflt = acceptRegisterRequest(create(RegisterRequestSchema, { secret: 's', capacity: 1n }), 's')
    expect(capabilitiesFromBitstring(dflt.bitstring)).toEqual([...DEFAULT_CAPABILITIES])
    expect(dflt.capacities[26]).toBe(1)
  })
  it("refuses with go-livepeer's texts", () => {
    expect(() =>
      acceptRegisterRequest(create(RegisterRequestSchema, { secret: 'x', capacity: 1n }), 's'),
    ).toThrowError(
      expect.objectContaining({ code: 'WIRE_TRANSCODER_SECRET_INVALID', shortMessage: 'invalid secret' }),
    )
    expect(() =>
      acceptRegisterRequest(create(RegisterRequestSchema, { secret: 's', capacity: 0n }), 's'),
    ).toThrowError(
      expect.objectContaining({ code: 'WIRE_TRANSCODER_CAPACITY_ZERO', shortMessage: 'zero capacity' }),
    )
  })
  it('recognises a teardown: empty url with a session id', () => {
    const segData = buildSegData({
      manifestId: '',
      authToken: createAuthToken(new Uint8Array(32), 'abcd0123', 1n),
    })
    expect(teardownSessionId(create(NotifySegmentSchema, { segData }))).toBe('abcd0123')
    expect(
      teardownSessionId(create(NotifySegmentSchema, { url: 'https://o/stream/x.tempfile', segData })),
    ).toBeNull()
    expect(teardownSessionId(create(NotifySegmentSchema, {}))).toBeNull()
  })
})
