import { create, toBinary } from '@bufbuild/protobuf'
import { toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CAPABILITIES } from '../capabilities/defaultCapabilities.ts'
import { CapabilitiesSchema } from './gen/net_pb.ts'
import { aiSessionCapabilities, netCapabilities } from './netCapabilities.ts'

describe('net.Capabilities', () => {
  it('default set: [0x4005fff], field 1 packed = 0a 04 ff bf 81 20', () => {
    const caps = netCapabilities({ capabilities: DEFAULT_CAPABILITIES })
    expect(caps.bitstring).toEqual([0x4005fffn])
    expect(caps.bitstring).toEqual([67133439n])
    expect(
      toHex(toBinary(CapabilitiesSchema, create(CapabilitiesSchema, { bitstring: caps.bitstring }))),
    ).toBe('0x0a04ffbf8120')
    // go-livepeer always sends the (empty) constraints message: field 5, length 0
    expect(toHex(toBinary(CapabilitiesSchema, caps))).toBe('0x0a04ffbf81202a00')
  })

  it('default + live-video-to-video: [0x804005fff]; {70}: [0, 0x40]', () => {
    expect(netCapabilities({ capabilities: [...DEFAULT_CAPABILITIES, 35] }).bitstring).toEqual([34426871807n])
    expect(netCapabilities({ capabilities: [70] }).bitstring).toEqual([0n, 0x40n])
  })

  it('AI session caps: default + pipeline, capacity 1 each, the model not necessarily warm', () => {
    const caps = aiSessionCapabilities({
      capability: 35,
      modelId: 'noop',
      runnerVersion: '0.1.0',
      version: '0.9.1',
    })
    expect(caps.bitstring).toEqual([0x804005fffn])
    expect(
      Object.keys(caps.capacities)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...DEFAULT_CAPABILITIES, 35])
    expect(Object.values(caps.capacities).every((v) => v === 1)).toBe(true)
    expect(caps.version).toBe('0.9.1')
    expect(caps.constraints?.PerCapability[35]?.models.noop).toMatchObject({
      warm: false,
      runnerVersion: '0.1.0',
    })
  })
})
