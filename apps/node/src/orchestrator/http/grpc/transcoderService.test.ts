import { capabilitiesFromBitstring, netCapabilities } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { withTranscoderCapacities } from './transcoderService.ts'

describe('withTranscoderCapacities', () => {
  it('adds the attached transcoders’ capacities and sets their bits', () => {
    const node = netCapabilities({ capabilities: [0, 1, 12], capacities: { 0: 10, 1: 10, 12: 10 } })
    const caps = withTranscoderCapacities(node, { 0: 2, 1: 2, 3: 2, 70: 1 })
    expect(caps.capacities).toEqual({ 0: 12, 1: 12, 12: 10, 3: 2, 70: 1 })
    expect(capabilitiesFromBitstring(caps.bitstring)).toEqual([0, 1, 3, 12, 70])
    // the node's own message is left as it was
    expect(node.capacities[0]).toBe(10)
  })

  it('returns the node’s capabilities unchanged without transcoders', () => {
    const node = netCapabilities({ capabilities: [0] })
    expect(withTranscoderCapacities(node, {})).toBe(node)
  })
})
