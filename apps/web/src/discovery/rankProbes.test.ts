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
  it('puts eligible first, cheaper and closer first, and says why the others are not', () => {
    const ranked = rankProbes([
      probe('http://slow', 80, info()),
      probe('http://down', undefined, undefined),
      probe('http://fast', 5, info()),
      probe('http://pricey', 1, info({ price: { pricePerUnit: '5', pixelsPerUnit: '1' } })),
    ])
    expect(ranked.filter((r) => r.eligible).map((r) => r.url)[0]).toBe('http://fast')
    const down = ranked.find((r) => r.url === 'http://down')
    expect(down?.eligible).toBe(false)
    expect(down?.reasons[0]).toContain('unreachable')
    expect(ranked.at(-1)?.url).toBe('http://down')
  })
  it('refuses a price above the max, a missing pipeline, missing ticket params and a full node', () => {
    const reason = (i: OrchestratorInfo, opts = {}) =>
      rankProbes([probe('http://a', 1, i)], opts)[0]?.reasons[0]
    expect(
      reason(info({ price: { pricePerUnit: '10', pixelsPerUnit: '1' } }), { maxPricePerPixel: 2 }),
    ).toContain('price-above-max')
    expect(reason(info({ pipelines: [{ kind: 'passthrough' }] }), { pipelineKind: 'ai' })).toContain(
      'missing-pipeline',
    )
    expect(reason(info({ capacity: { maxSessions: 1, sessions: 1 } }))).toContain('at-capacity')
    const noParams = info()
    delete (noParams as Partial<OrchestratorInfo>).ticketParams
    expect(reason(noParams)).toContain('invalid-params')
    expect(rankProbes([probe('http://a', 1, noParams)], { requireTicketParams: false })[0]?.eligible).toBe(
      true,
    )
  })
})
