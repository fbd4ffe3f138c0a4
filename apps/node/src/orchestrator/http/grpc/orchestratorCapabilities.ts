/**
 * The orchestrator's `net.Capabilities`, as GetOrchestrator advertises them and `/segment` checks
 * a job against: the capability bits of the node's pipelines (those `/info` lists) plus `Auth
 * token` (12, the token every go-livepeer gateway requires), a capacity per capability, and for
 * the `ai` pipeline the models under `Live video to video` (35) with their idle and in-use
 * capacity. No mandatories.
 */
import { CAPABILITIES, type net, netCapabilities } from '@prism/protocol'
import { offeredCapabilities } from '../routes/info.ts'

/** What the node offers right now. */
export type CapabilitySnapshot = {
  /** Kinds of the registered pipelines (`transcode`, `ai`, …). */
  pipelineKinds: readonly string[]
  /** `-maxSessions`. */
  maxSessions: number
  /** Sessions counted against maxSessions now. */
  activeSessions: number
  /** Live `ai` sessions now (capacity in use of each model). */
  aiSessions: number
  /** Model ids of the `ai` pipeline (advertised under capability 35 when it is offered). */
  aiModels: readonly string[]
  /** The node's version (`Capabilities.version`). */
  version: string
}

/**
 * Builds the capabilities message.
 *
 * @example
 * orchestratorCapabilities({ pipelineKinds: ['transcode'], maxSessions: 10, activeSessions: 0,
 *   aiSessions: 0, aiModels: [], version: '0.1.0' }).bitstring // [0xa83n…]
 */
export function orchestratorCapabilities(s: CapabilitySnapshot): net.Capabilities {
  const ids = [...new Set([...offeredCapabilities([...s.pipelineKinds]), CAPABILITIES.AuthToken])].sort(
    (a, b) => a - b,
  )
  const idle = Math.max(0, s.maxSessions - s.activeSessions)
  const live = CAPABILITIES.LiveVideoToVideo
  const withAi = ids.includes(live) && s.aiModels.length > 0
  return netCapabilities({
    capabilities: ids,
    capacities: Object.fromEntries(ids.map((id) => [id, s.maxSessions])),
    version: s.version,
    ...(withAi
      ? {
          models: {
            [live]: Object.fromEntries(
              s.aiModels.map((m) => [m, { warm: false, capacity: idle, capacityInUse: s.aiSessions }]),
            ),
          },
        }
      : {}),
  })
}

/**
 * GetOrchestrator's live AI capacity check: when the request lists models under capability 35,
 * at least one of them must be offered here with idle capacity.
 *
 * @returns false when the request asks for live AI models and none has room.
 */
export function liveAiCapacityOk(request: net.Capabilities | undefined, offered: net.Capabilities): boolean {
  const live = CAPABILITIES.LiveVideoToVideo
  const wanted = request?.constraints?.PerCapability[live]
  if (!wanted) return true
  const have = offered.constraints?.PerCapability[live]?.models ?? {}
  return Object.keys(wanted.models).some((id) => (have[id]?.capacity ?? 0) > 0)
}
