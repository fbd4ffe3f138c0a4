import { describe, expect, it } from 'vitest'
import {
  bitstringSubset,
  CAPABILITIES,
  capabilitiesCompatible,
  capabilitiesFromBitstring,
  capabilityBitstring,
  hasCapability,
} from './capabilities.ts'

describe('capabilities', () => {
  it('has the go-livepeer ids', () => {
    expect(CAPABILITIES.H264).toBe(0)
    expect(CAPABILITIES.MPEG7VideoSignature).toBe(14)
    expect(CAPABILITIES.LiveVideoToVideo).toBe(35)
    expect(CAPABILITIES.BYOC).toBe(37)
    expect(Object.keys(CAPABILITIES)).toHaveLength(38)
    expect(new Set(Object.values(CAPABILITIES)).size).toBe(38)
  })

  it('lays bits out as word[id/64] bit id%64', () => {
    expect(capabilityBitstring([0, 1, 35])).toEqual([(1n << 35n) | 3n])
    expect(capabilityBitstring([64, 0])).toEqual([1n, 1n])
    expect(capabilityBitstring([])).toEqual([])
    expect(hasCapability(['34359738371'], 35)).toBe(true)
    expect(hasCapability([3n], 2)).toBe(false)
    expect(hasCapability([3n], 64)).toBe(false)
    expect(hasCapability([0n, 1n], 64)).toBe(true)
    expect(capabilitiesFromBitstring(capabilityBitstring([37, 2, 70]))).toEqual([2, 37, 70])
  })

  it('checks compatibility both ways', () => {
    expect(capabilitiesCompatible([3n], [7n])).toBe(true)
    expect(capabilitiesCompatible([8n], [7n])).toBe(false)
    expect(capabilitiesCompatible([1n], [7n], [4n])).toBe(false)
    expect(capabilitiesCompatible([5n], [7n], [4n])).toBe(true)
    // go-livepeer: a set with more words than the other is never a subset, even with zero words
    expect(capabilitiesCompatible([1n, 0n], [7n])).toBe(false)
    expect(bitstringSubset([0x800001000n], [0x804005fffn])).toBe(true)
  })
})
