import { bitstringSubset, capabilitiesFromBitstring } from './capabilities.ts'
import { versionAtLeast } from './versionAtLeast.ts'

/** Constraints of one model under a capability (net.Capabilities.CapabilityConstraints.ModelConstraint). */
export type ModelConstraintLike = {
  /** Model loaded (orchestrator) / must be loaded (gateway). */
  warm?: boolean
  /** Runner version (orchestrator) / minimum runner version (gateway). */
  runnerVersion?: string
}

/**
 * The parts of net.Capabilities the compatibility rule reads. A decoded `net.Capabilities`
 * message fits as is (hence `PerCapability`, the wire's field name).
 */
export type CapabilitySetLike = {
  /** Capability words (bit id mod 64 of word ⌊id/64⌋). */
  bitstring: readonly bigint[]
  /** Capabilities the other side must have. */
  mandatories?: readonly bigint[]
  /** The sender's node version. */
  version?: string
  /** Non-binary constraints. */
  constraints?:
    | {
        /** Minimum version of the peer. */
        minVersion?: string
        /** Capability id → model id → constraint. */
        PerCapability?: Readonly<Record<number, { models: Readonly<Record<string, ModelConstraintLike>> }>>
      }
    | undefined
}

/** Why two capability sets are incompatible, or null. */
export type IncompatibilityReason = 'version' | 'mandatories' | 'model' | 'bitstring' | null

/**
 * Which step of go-livepeer's compatibility rule a job (gateway) fails against a provider
 * (orchestrator or transcoder), in the rule's order:
 * 1. version: the job's `constraints.minVersion` against the provider's `version`;
 * 2. mandatories: the provider's mandatories ⊆ the job's bitstring;
 * 3. model: for each capability in both `PerCapability` maps, every model the job lists exists on
 *    the provider, is warm where the job wants it warm, and has a runner version ≥ the job's;
 * 4. bitstring: the job's bitstring ⊆ the provider's.
 * A job without capabilities is the empty set.
 *
 * @returns null when compatible.
 * @example incompatibility({ bitstring: [0x800001000n] }, { bitstring: [0x804005fffn] }) // null
 */
export function incompatibility(
  job: CapabilitySetLike | undefined,
  provider: CapabilitySetLike,
): IncompatibilityReason {
  const j: CapabilitySetLike = job ?? { bitstring: [] }
  if (!versionAtLeast(provider.version, j.constraints?.minVersion)) return 'version'
  if (!bitstringSubset(provider.mandatories ?? [], j.bitstring)) return 'mandatories'
  const jobCaps = j.constraints?.PerCapability ?? {}
  const provCaps = provider.constraints?.PerCapability ?? {}
  for (const [cap, jc] of Object.entries(jobCaps)) {
    const pc = provCaps[Number(cap)]
    if (!pc) continue
    for (const [model, jm] of Object.entries(jc.models)) {
      const pm = pc.models[model]
      if (!pm) return 'model'
      if (jm.warm && !pm.warm) return 'model'
      if (!versionAtLeast(pm.runnerVersion, jm.runnerVersion)) return 'model'
    }
  }
  if (!bitstringSubset(j.bitstring, provider.bitstring)) return 'bitstring'
  return null
}

/**
 * True when a job's capabilities are compatible with a provider's ({@link incompatibility} is null).
 * @example capabilitiesCompatibleWith(segData.capabilities, orchestratorCaps)
 */
export function capabilitiesCompatibleWith(
  job: CapabilitySetLike | undefined,
  provider: CapabilitySetLike,
): boolean {
  return incompatibility(job, provider) === null
}

/**
 * Capacity per capability as go-livepeer reads a received set: the `capacities` map, or 1 for
 * every set bit when the map is empty (legacy senders).
 * @example capacitiesOf({ bitstring: [3n], capacities: {} }) // { 0: 1, 1: 1 }
 */
export function capacitiesOf(caps: {
  bitstring: readonly bigint[]
  capacities?: Readonly<Record<number, number>>
}): Record<number, number> {
  const map = caps.capacities ?? {}
  if (Object.keys(map).length > 0) return { ...map }
  return Object.fromEntries(capabilitiesFromBitstring(caps.bitstring).map((id) => [id, 1]))
}
