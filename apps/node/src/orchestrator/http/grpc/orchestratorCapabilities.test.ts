import {
  CAPABILITIES,
  capabilitiesFromBitstring,
  DEFAULT_CAPABILITIES,
  incompatibility,
  netCapabilities,
} from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { liveAiCapacityOk, orchestratorCapabilities } from './orchestratorCapabilities.ts'

const live = CAPABILITIES.LiveVideoToVideo
const base = { maxSessions: 4, activeSessions: 1, aiSessions: 0, aiModels: ['m1', 'm2'], version: '0.1.0' }

describe('orchestratorCapabilities', () => {
  it('advertises the pipelines’ capabilities plus Auth token, each with the session capacity', () => {
    const caps = orchestratorCapabilities({ ...base, pipelineKinds: ['passthrough', 'transcode'] })
    const ids = capabilitiesFromBitstring(caps.bitstring)
    expect(ids).toContain(CAPABILITIES.H264)
    expect(ids).toContain(CAPABILITIES.MPEGTS)
    expect(ids).toContain(CAPABILITIES.AuthToken)
    expect(ids).not.toContain(live)
    expect(caps.capacities[CAPABILITIES.AuthToken]).toBe(4)
    expect(caps.mandatories).toEqual([])
    expect(caps.version).toBe('0.1.0')
    expect(caps.constraints?.PerCapability).toEqual({})
  })

  it('lists the ai models under live-video-to-video with idle and in-use capacity', () => {
    const caps = orchestratorCapabilities({ ...base, pipelineKinds: ['ai'], aiSessions: 1 })
    expect(capabilitiesFromBitstring(caps.bitstring)).toContain(live)
    const models = caps.constraints?.PerCapability[live]?.models ?? {}
    expect(Object.keys(models)).toEqual(['m1', 'm2'])
    expect(models.m1).toMatchObject({ warm: false, capacity: 3, capacityInUse: 1 })
  })

  it('with live AI, a go-livepeer gateway’s session caps (its default set + 35 and the model) are compatible', () => {
    const caps = orchestratorCapabilities({ ...base, pipelineKinds: ['ai'] })
    const gateway = netCapabilities({
      capabilities: [...DEFAULT_CAPABILITIES, live],
      capacities: { [live]: 1 },
      models: { [live]: { m1: { warm: false } } },
      version: '0.9.1',
    })
    expect(incompatibility(gateway, caps)).toBeNull()
    const noAi = orchestratorCapabilities({ ...base, pipelineKinds: ['transcode'] })
    expect(capabilitiesFromBitstring(noAi.bitstring)).not.toContain(CAPABILITIES.MP4)
  })
})

describe('liveAiCapacityOk', () => {
  const offered = orchestratorCapabilities({ ...base, pipelineKinds: ['ai'] })
  const ask = (models: string[]) =>
    netCapabilities({
      capabilities: [live],
      models: { [live]: Object.fromEntries(models.map((m) => [m, {}])) },
    })

  it('passes requests without live AI models, and those naming one model with room', () => {
    expect(liveAiCapacityOk(undefined, offered)).toBe(true)
    expect(liveAiCapacityOk(netCapabilities({ capabilities: [0] }), offered)).toBe(true)
    expect(liveAiCapacityOk(ask(['nope', 'm2']), offered)).toBe(true)
  })

  it('fails when no listed model is offered with idle capacity', () => {
    expect(liveAiCapacityOk(ask(['nope']), offered)).toBe(false)
    const full = orchestratorCapabilities({ ...base, pipelineKinds: ['ai'], activeSessions: 4 })
    expect(liveAiCapacityOk(ask(['m1']), full)).toBe(false)
  })
})
