import { describe, expect, it } from 'vitest'
import { capabilityBitstring } from './capabilities.ts'
import { capabilitiesCompatibleWith, capacitiesOf, incompatibility } from './compatibility.ts'
import { DEFAULT_CAPABILITIES } from './defaultCapabilities.ts'

const orch = {
  bitstring: capabilityBitstring([...DEFAULT_CAPABILITIES, 35]),
  version: '0.9.1',
  constraints: {
    minVersion: '',
    PerCapability: { 35: { models: { noop: { warm: true, runnerVersion: '0.2.0' } } } },
  },
}

describe('capability compatibility', () => {
  it('the test vector: {12, 35} ⊆ default + 35', () => {
    expect(capabilityBitstring([12, 35])).toEqual([0x800001000n])
    expect(orch.bitstring).toEqual([0x804005fffn])
    expect(incompatibility({ bitstring: [0x800001000n] }, orch)).toBeNull()
  })

  it('step 1: the job minimum version against the provider version', () => {
    const job = { bitstring: [0x1000n], constraints: { minVersion: '0.9.2' } }
    expect(incompatibility(job, orch)).toBe('version')
    expect(incompatibility(job, { ...orch, version: '0.9.2-dev' })).toBeNull()
    expect(incompatibility(job, { ...orch, version: 'undefined' })).toBe('version')
  })

  it('step 2: the provider mandatories must be in the job bitstring', () => {
    expect(incompatibility({ bitstring: [0x1000n] }, { ...orch, mandatories: [0x1n] })).toBe('mandatories')
    expect(incompatibility({ bitstring: [0x1001n] }, { ...orch, mandatories: [0x1n] })).toBeNull()
    expect(incompatibility({ bitstring: [0x1n] }, { ...orch, mandatories: [0x1n, 0n] })).toBe('mandatories')
  })

  it('step 3: models listed by the job exist, are warm if asked, runner version ≥ minimum', () => {
    const job = (models: Record<string, { warm?: boolean; runnerVersion?: string }>) => ({
      bitstring: [0x800001000n],
      constraints: { PerCapability: { 35: { models } } },
    })
    expect(incompatibility(job({ noop: { warm: true, runnerVersion: '0.1.0' } }), orch)).toBeNull()
    expect(incompatibility(job({ other: {} }), orch)).toBe('model')
    expect(incompatibility(job({ noop: { runnerVersion: '0.3.0' } }), orch)).toBe('model')
    const cold = { ...orch, constraints: { PerCapability: { 35: { models: { noop: { warm: false } } } } } }
    expect(incompatibility(job({ noop: { warm: true } }), cold)).toBe('model')
    expect(incompatibility(job({ noop: {} }), cold)).toBeNull()
    // a capability the provider has no constraints for is not checked here
    const noConstraints = { bitstring: orch.bitstring }
    expect(incompatibility(job({ other: {} }), noConstraints)).toBeNull()
  })

  it('step 4: job bitstring ⊆ provider bitstring, word by word, no extra words', () => {
    expect(incompatibility({ bitstring: [0x1_0000_0000_0000n] }, orch)).toBe('bitstring')
    expect(incompatibility({ bitstring: [0x1000n, 0n] }, orch)).toBe('bitstring')
    expect(capabilitiesCompatibleWith({ bitstring: capabilityBitstring([70]) }, orch)).toBe(false)
  })

  it('a job without capabilities is the empty set', () => {
    expect(capabilitiesCompatibleWith(undefined, orch)).toBe(true)
    expect(capabilitiesCompatibleWith(undefined, { ...orch, mandatories: [1n] })).toBe(false)
  })

  it('reads an empty capacities map as capacity 1 per set bit', () => {
    expect(capacitiesOf({ bitstring: [0b1011n], capacities: {} })).toEqual({ 0: 1, 1: 1, 3: 1 })
    expect(capacitiesOf({ bitstring: [0b1011n], capacities: { 35: 4 } })).toEqual({ 35: 4 })
  })
})
