import { create } from '@bufbuild/protobuf'
import { capabilityBitstring } from '../capabilities/capabilities.ts'
import { DEFAULT_CAPABILITIES } from '../capabilities/defaultCapabilities.ts'
import { type Capabilities, Capabilities_ConstraintsSchema, CapabilitiesSchema } from './gen/net_pb.ts'

/** One model's constraints in a capability set. */
export type ModelConstraintInit = {
  /** Loaded (provider) / must be loaded (job). Default: false. */
  warm?: boolean
  /** Idle capacity for the model (provider). Default: 0. */
  capacity?: number
  /** Runner version (provider) / minimum runner version (job). Default: ''. */
  runnerVersion?: string
  /** Live containers in use (orchestrator). Default: 0. */
  capacityInUse?: number
}

/** Input of {@link netCapabilities}. */
export type NetCapabilitiesInit = {
  /** Capability ids set in the bitstring. */
  capabilities: Iterable<number>
  /** Ids the other side must have. Default: none. */
  mandatories?: Iterable<number>
  /** Capability id → capacity. Default: none. */
  capacities?: Readonly<Record<number, number>>
  /** The sender's node version. Default: ''. */
  version?: string
  /** Minimum peer version. Default: ''. */
  minVersion?: string
  /** Capability id → model id → constraints. Default: none. */
  models?: Readonly<Record<number, Readonly<Record<string, ModelConstraintInit>>>>
}

/**
 * A net.Capabilities message. As go-livepeer, the capacities map and the constraints message are
 * always present (possibly empty).
 * @example netCapabilities({ capabilities: DEFAULT_CAPABILITIES, version: '0.9.1' })
 */
export function netCapabilities(init: NetCapabilitiesInit): Capabilities {
  const perCapability: Record<number, { models: Record<string, Required<ModelConstraintInit>> }> = {}
  for (const [cap, models] of Object.entries(init.models ?? {})) {
    perCapability[Number(cap)] = {
      models: Object.fromEntries(
        Object.entries(models).map(([id, m]) => [
          id,
          {
            warm: m.warm ?? false,
            capacity: m.capacity ?? 0,
            runnerVersion: m.runnerVersion ?? '',
            capacityInUse: m.capacityInUse ?? 0,
          },
        ]),
      ),
    }
  }
  return create(CapabilitiesSchema, {
    bitstring: capabilityBitstring(init.capabilities),
    mandatories: capabilityBitstring(init.mandatories ?? []),
    capacities: { ...init.capacities },
    version: init.version ?? '',
    constraints: create(Capabilities_ConstraintsSchema, {
      minVersion: init.minVersion ?? '',
      PerCapability: perCapability,
    }),
  })
}

/** Input of {@link aiSessionCapabilities}. */
export type AiSessionCapabilitiesInit = {
  /** The pipeline's capability id (e.g. 35 for live-video-to-video). */
  capability: number
  /** Model id the session needs. */
  modelId: string
  /** Minimum runner version. Default: ''. */
  runnerVersion?: string
  /** The gateway's version. Default: ''. */
  version?: string
}

/**
 * What a gateway asks for in an AI session, as go-livepeer builds it: the default set plus the
 * pipeline capability, capacity 1 for each, and the model (not necessarily warm) under the
 * pipeline's constraints.
 * @example aiSessionCapabilities({ capability: 35, modelId: 'noop' })
 */
export function aiSessionCapabilities(init: AiSessionCapabilitiesInit): Capabilities {
  const ids = [...new Set([...DEFAULT_CAPABILITIES, init.capability])]
  return netCapabilities({
    capabilities: ids,
    capacities: Object.fromEntries(ids.map((id) => [id, 1])),
    ...(init.version ? { version: init.version } : {}),
    models: {
      [init.capability]: { [init.modelId]: { warm: false, runnerVersion: init.runnerVersion ?? '' } },
    },
  })
}
