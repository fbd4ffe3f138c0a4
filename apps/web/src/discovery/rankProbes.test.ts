import type { OrchestratorInfo } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import type { ProbeResult } from './probeOrchestrator.ts'
import { rankProbes } from './rankProbes.ts'

function info(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  return {
    version: 1,
    address: '0x0000000000000000000000000000000000000001',
    serviceURI: 'http://x',
    nodeVersion: '0.1.0',
    price: { pricePerUnit: '1', pixelsPerUnit: '1' },
    ticketParams: {
      recipient: '0x0000000000000000000000000000000000000001',
      faceValue: '1',
      winProb: '1',
      recipientRandHash: `0x${'00'.repeat(32)}`,
      seed: '0x01',
      expirationBlock: '10',
      expirationParams: { creationRound: '1', creationRoundBlockHash: `0x${'00'.repeat(32)}` },
    },
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [{ kind: 'passthrough' }, { kind: 'ai' }],
    models: [],
    capacity: { maxSessions: 10, sessions: 0 },
    encoder: 'libx264',
    ...over,
  }
}

function probe(url: string, rttMs: number | undefined, i: OrchestratorInfo | undefined): ProbeResult {
  return { url, source: 'configured', rttMs, info: i, error: i ? undefined : 'connection refused' }
}

describe('rankProbes', () => {
  it('puts eligible first, cheaper and closer first', () => {
    const ranked = rankProbes([
      probe('slow', 80, info()),
      probe('down', undefined, undefined),
      probe('fast', 5, info()),
      probe('pricey', 1, info({ price: { pricePerUnit: '5', pixelsPerUnit: '1' } })),
    ])
    expect(ranked.map((r) => r.url)).toEqual(['fast', 'slow', 'pricey', 'down'])
    expect(ranked.at(-1)?.eligible).toBe(false)
    expect(ranked.at(-1)?.reasons[0]).toContain('unreachable')
  })
  it('gives reasons: max price, capacity, pipeline, ticket params', () => {
    const i = info({
      price: { pricePerUnit: '10', pixelsPerUnit: '1' },
      capacity: { maxSessions: 1, sessions: 1 },
      pipelines: [{ kind: 'passthrough' }],
    })
    delete (i as Partial<OrchestratorInfo>).ticketParams
    const [r] = rankProbes([probe('a', 1, i)], { maxPricePerPixel: 2, pipelineKind: 'ai' })
    expect(r?.eligible).toBe(false)
    expect(r?.reasons).toHaveLength(4)
  })
  it('accepts a free node without ticket params', () => {
    const free = { ...info({ price: { pricePerUnit: '0', pixelsPerUnit: '1' } }) }
    delete (free as Partial<OrchestratorInfo>).ticketParams
    expect(rankProbes([probe('free', 1, free)])[0]?.eligible).toBe(true)
  })
})
