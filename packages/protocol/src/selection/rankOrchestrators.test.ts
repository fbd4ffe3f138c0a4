import { describe, expect, it } from 'vitest'
import { rational } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import { type OrchestratorCandidate, rankOrchestrators } from './rankOrchestrators.ts'
import { SuspensionList } from './SuspensionList.ts'

function info(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  return {
    version: 1,
    address: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
    serviceURI: 'https://o',
    nodeVersion: 't',
    price: { pricePerUnit: '1000', pixelsPerUnit: '1' },
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [{ kind: 'transcode' }, { kind: 'passthrough' }],
    models: [],
    capacity: { maxSessions: 10, sessions: 0 },
    encoder: 'libx264',
    ...over,
  }
}

describe('rankOrchestrators', () => {
  it('explains every ineligible candidate', () => {
    const tp = {
      recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
      faceValue: '1000',
      winProb: ((1n << 256n) - 1n).toString(),
      recipientRandHash: `0x${'11'.repeat(32)}`,
      seed: '0x',
      expirationBlock: '101',
      expirationParams: { creationRound: '1', creationRoundBlockHash: `0x${'22'.repeat(32)}` },
    }
    const cands: OrchestratorCandidate[] = [
      { url: 'down', error: 'timeout' },
      { url: 'pricey', info: info({ price: { pricePerUnit: '3000', pixelsPerUnit: '1' } }), rttMs: 5 },
      { url: 'full', info: info({ capacity: { maxSessions: 2, sessions: 2 } }) },
      { url: 'noai', info: info() },
      { url: 'expired', info: info({ pipelines: [{ kind: 'ai' }], ticketParams: tp }) },
      {
        url: 'evhigh',
        info: info({ pipelines: [{ kind: 'ai' }], ticketParams: { ...tp, expirationBlock: '200' } }),
      },
    ]
    const r = rankOrchestrators(cands, {
      maxPricePerPixel: rational(2000n),
      pipeline: 'ai',
      currentBlock: 100n,
      maxTicketEV: 999n,
    })
    const reasons = Object.fromEntries(r.map((x) => [x.url, x.reason]))
    expect(reasons).toEqual({
      down: 'unreachable',
      pricey: 'missing-pipeline',
      full: 'missing-pipeline',
      noai: 'missing-pipeline',
      expired: 'invalid-params',
      evhigh: 'invalid-params',
    })
    const r2 = rankOrchestrators(cands.slice(0, 3), { maxPricePerPixel: rational(2000n) })
    expect(r2.map((x) => [x.url, x.eligible, x.reason])).toEqual([
      ['down', false, 'unreachable'],
      ['full', false, 'at-capacity'],
      ['pricey', false, 'price-above-max'],
    ])
    expect(rankOrchestrators([{ url: 'x', info: info() }], { requireTicketParams: true })[0]?.reason).toBe(
      'invalid-params',
    )
    const refused = rankOrchestrators([
      { url: 'r', rttMs: 5, refusal: { code: 'SENDER_RESERVE_MISSING', message: 'no sender reserve' } },
    ])[0]
    expect([refused?.eligible, refused?.reason, refused?.detail]).toEqual([
      false,
      'refused',
      'SENDER_RESERVE_MISSING: no sender reserve',
    ])
  })

  it('scores cheaper, faster and less loaded nodes higher and sorts eligible first', () => {
    const r = rankOrchestrators([
      { url: 'slow', info: info(), rttMs: 200 },
      { url: 'down', error: 'x' },
      { url: 'fast', info: info(), rttMs: 20 },
      { url: 'cheap', info: info({ price: { pricePerUnit: '500', pixelsPerUnit: '1' } }), rttMs: 200 },
      { url: 'busy', info: info({ capacity: { maxSessions: 10, sessions: 9 } }), rttMs: 20 },
    ])
    expect(r.map((x) => x.url)).toEqual(['fast', 'cheap', 'busy', 'slow', 'down'])
    expect(r[0]?.score).toBeGreaterThan(r[1]!.score)
    expect(r.at(-1)?.score).toBe(0)
    const priceOnly = rankOrchestrators(r, { weights: { price: 1, latency: 0, load: 0 } })
    expect(priceOnly[0]?.url).toBe('cheap')
  })

  it('uses the pipeline price when the offer has one', () => {
    const r = rankOrchestrators(
      [
        {
          url: 'a',
          info: info({ pipelines: [{ kind: 'ai', price: { pricePerUnit: '3', pixelsPerUnit: '2' } }] }),
        },
      ],
      { pipeline: 'ai', maxPricePerPixel: rational(2n) },
    )
    expect(r[0]?.eligible).toBe(true)
    expect(r[0]?.pricePerPixel).toEqual(rational(3n, 2n))
  })

  it('marks suspended orchestrators', () => {
    const s = new SuspensionList()
    s.suspend('a')
    const r = rankOrchestrators(
      [
        { url: 'a', info: info() },
        { url: 'b', info: info() },
      ],
      { suspensions: s },
    )
    expect(r.map((x) => [x.url, x.eligible, x.reason])).toEqual([
      ['b', true, undefined],
      ['a', false, 'suspended'],
    ])
  })
})
