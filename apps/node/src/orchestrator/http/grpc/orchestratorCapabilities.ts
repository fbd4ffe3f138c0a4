/**
 * The orchestrator's `net.Capabilities`, as GetOrchestrator advertises them and `/segment` checks
 * a job against: the capability bits of the node's pipelines (those `/info` lists) plus `Auth
 * token` (12, the token every go-livepeer gateway requires), a capacity per capability, and for
 * the `ai` pipeline the models under `Live video to video` (35) with their idle and in-use
 * capacity. No mandatories.
 *
 * When live AI models are offered, go-livepeer's default capability set is advertised too: a
 * go-livepeer gateway asks for live AI with that set plus 35 (at discovery and in the start
 * request's SegData), because every go-livepeer orchestrator advertises it; without it such a
 * gateway finds Prism incompatible. Transcoding jobs name only what they need (per-job caps).
 */
import { CAPABILITIES, DEFAULT_CAPABILITIES, type net, netCapabilities } from '@prism/protocol'
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
  const own = [...offeredCapabilities([...s.pipelineKinds]), CAPABILITIES.AuthToken]
  const live = CAPABILITIES.LiveVideoToVideo
  const withAi = own.includes(live) && s.aiModels.length > 0
  const ids = [...new Set([...own, ...(withAi ? DEFAULT_CAPABILITIES : [])])].sort((a, b) => a - b)
  const idle = Math.max(0, s.maxSessions - s.activeSessions)
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
