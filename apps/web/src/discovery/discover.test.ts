import {
  type ChainClient,
  createChainClient,
  getNetwork,
  type OrchestratorInfo,
  type ProbeFetch,
} from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { arbitrumOne } from '../network/webNetwork.ts'
import { discover } from './discover.ts'

function info(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  return {
    version: 1,
    address: '0x0000000000000000000000000000000000000001',
    serviceURI: 'http://x',
    nodeVersion: '0.1.0',
    price: { pricePerUnit: '1', pixelsPerUnit: '1' },
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [{ kind: 'passthrough' }, { kind: 'ai' }],
    models: [],
    capacity: { maxSessions: 10, sessions: 0 },
    encoder: 'libx264',
    ...over,
  }
}

const ok = (body: unknown) => ({ ok: true, status: 200, text: async () => JSON.stringify(body) })
const refused = {
  ok: false,
  status: 400,
  text: async () => '{"code":"SENDER_RESERVE_MISSING","message":"fund it"}',
}

const fetch: ProbeFetch = async (url) => {
  const host = new URL(url).host
  if (host === 'paid') return ok(info())
  if (host === 'pricey') return ok(info({ price: { pricePerUnit: '9', pixelsPerUnit: '1' } }))
  if (host === 'free') return ok(info({ price: { pricePerUnit: '0', pixelsPerUnit: '1' } }))
  if (host === 'refusing')
    return url.includes('sender=') ? refused : ok(info({ price: { pricePerUnit: '3', pixelsPerUnit: '2' } }))
  throw Object.assign(new TypeError('Failed to fetch'), { cause: { code: 'ECONNREFUSED' } })
}

// A real client on a port nothing listens on: the chain pool cannot be read.
const client: ChainClient = createChainClient({
  network: getNetwork('arbitrum-one'),
  rpcUrl: 'http://127.0.0.1:1',
})

describe('discover (web)', () => {
  it('shows each orchestrator with a numeric price and why it is not eligible', async () => {
    const { ranked, chainError } = await discover({
      client,
      network: arbitrumOne,
      configured: ['http://free', 'http://paid', 'http://pricey', 'http://refusing', 'http://down'],
      sender: '0x00000000000000000000000000000000000000a1',
      maxPricePerPixel: 2,
      pipelineKind: 'ai',
      fetch,
    })
    expect(chainError).toContain('chain RPC unavailable')
    expect(ranked[0]).toMatchObject({ url: 'http://free', eligible: true, reasons: [], pricePerPixel: 0 })
    const reasons = Object.fromEntries(ranked.map((r) => [r.url, r.reasons[0]?.split(':')[0]]))
    expect(reasons).toEqual({
      'http://free': undefined,
      'http://paid': 'invalid-params',
      'http://pricey': 'price-above-max',
      'http://refusing': 'refused',
      'http://down': 'unreachable',
    })
    expect(ranked.find((r) => r.url === 'http://refusing')?.reasons[0]).toContain('SENDER_RESERVE_MISSING')
    expect(ranked.find((r) => r.url === 'http://pricey')?.pricePerPixel).toBe(9)
    // A refusing node still shows its base price, asked without a sender.
    expect(ranked.find((r) => r.url === 'http://refusing')?.pricePerPixel).toBe(1.5)
    // Each one also says the cause in words and the fix.
    const fixes = Object.fromEntries(ranked.map((r) => [r.url, r.explanation?.fix]))
    expect(fixes).toEqual({
      'http://free': undefined,
      'http://paid': 'fund your session key',
      'http://pricey': 'raise your max price',
      'http://refusing': 'fund your session key',
      'http://down': 'check that the node runs and its URL',
    })
    expect(ranked.find((r) => r.url === 'http://pricey')?.explanation?.cause).toBe(
      'its price 9 wei/pixel is above your max 2 wei/pixel',
    )
  })

  it('skips the chain pool when asked', async () => {
    const { chainError, ranked } = await discover({
      client,
      network: arbitrumOne,
      configured: ['http://free'],
      useChain: false,
      sender: undefined,
      fetch,
    })
    expect(chainError).toBeUndefined()
    expect(ranked.map((r) => r.eligible)).toEqual([true])
  })
})
