import { describe, expect, it } from 'vitest'
import { createChainClient } from '../chain/client.ts'
import { getNetwork } from '../chain/networks.ts'
import { rational } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import { discover } from './discover.ts'
import type { ProbeFetch } from './probeOrchestrator.ts'
import { SuspensionList } from './SuspensionList.ts'

function info(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  return {
    version: 1,
    address: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
    serviceURI: 'https://o',
    nodeVersion: 't',
    price: { pricePerUnit: '1', pixelsPerUnit: '1' },
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [{ kind: 'transcode' }, { kind: 'ai' }],
    models: [],
    capacity: { maxSessions: 10, sessions: 0 },
    encoder: 'libx264',
    ...over,
  }
}

const json = (status: number, body: unknown) => ({
  ok: status >= 200 && status < 300,
  status,
  text: async () => JSON.stringify(body),
})

/** A fetch answering from a table of URL → response (or error to throw), recording the requests. */
function table(routes: Record<string, ReturnType<typeof json> | Error>) {
  const requested: string[] = []
  const fetch: ProbeFetch = async (url) => {
    requested.push(url)
    const r = routes[url.replace(/\?.*$/, '')]
    if (!r) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    if (r instanceof Error) throw r
    return r
  }
  return { fetch, requested }
}

describe('discover', () => {
  it('probes each configured URL once with the sender and ranks eligible first, with reasons', async () => {
    const { fetch, requested } = table({
      'http://cheap/info': json(200, info()),
      'http://pricey/info': json(200, info({ price: { pricePerUnit: '50', pixelsPerUnit: '1' } })),
      'http://refusing/info': json(400, { code: 'SENDER_RESERVE_MISSING', message: 'no reserve' }),
      'http://broken/info': json(503, { code: 'INTERNAL', message: 'down' }),
      'http://slow/info': Object.assign(new Error('The operation was aborted due to timeout'), {
        name: 'TimeoutError',
      }),
    })
    const sender = '0x00000000000000000000000000000000000000a1'
    const { orchestrators, chainError } = await discover({
      configured: [
        'http://cheap/',
        'http://pricey',
        'http://refusing',
        'http://broken',
        'http://slow',
        'http://gone',
        'http://cheap',
      ],
      sender,
      fetch,
      maxPricePerPixel: rational(10n),
    })
    expect(chainError).toBeUndefined()
    expect(requested.sort()).toEqual(
      ['cheap', 'pricey', 'refusing', 'broken', 'slow', 'gone']
        .map((h) => `http://${h}/info?sender=${sender}`)
        .sort(),
    )
    expect(orchestrators[0]).toMatchObject({ url: 'http://cheap', eligible: true, source: 'configured' })
    const why = Object.fromEntries(orchestrators.map((o) => [o.url, [o.reason, o.errorCode]]))
    expect(why).toEqual({
      'http://cheap': [undefined, undefined],
      'http://pricey': ['price-above-max', undefined],
      'http://refusing': ['refused', undefined],
      'http://broken': ['unreachable', 'HTTP 503'],
      'http://slow': ['unreachable', 'DeadlineExceeded'],
      'http://gone': ['unreachable', 'ECONNREFUSED'],
    })
    expect(orchestrators.find((o) => o.url === 'http://refusing')?.detail).toContain('SENDER_RESERVE_MISSING')
  })

  it('leaves suspended orchestrators out and asks priced ones for ticket params when required', async () => {
    const { fetch } = table({
      'http://a/info': json(200, info()),
      'http://b/info': json(200, info()),
      'http://free/info': json(200, info({ price: { pricePerUnit: '0', pixelsPerUnit: '1' } })),
    })
    const suspensions = new SuspensionList()
    suspensions.suspend('http://a')
    const { orchestrators } = await discover({
      configured: ['http://a', 'http://b', 'http://free'],
      fetch,
      suspensions,
      requireTicketParams: true,
    })
    const why = Object.fromEntries(orchestrators.map((o) => [o.url, o.reason ?? 'eligible']))
    expect(why).toEqual({ 'http://a': 'suspended', 'http://b': 'invalid-params', 'http://free': 'eligible' })
  })

  it('reports a chain pool it cannot read and still probes the configured list', async () => {
    const { fetch } = table({ 'http://a/info': json(200, info()) })
    // A real client on a port nothing listens on.
    const unreachable = createChainClient({
      network: getNetwork('arbitrum-one'),
      rpcUrl: 'http://127.0.0.1:1',
    })
    const { orchestrators, chainError } = await discover({
      client: unreachable,
      configured: ['http://a'],
      fetch,
    })
    expect(chainError?.code).toBe('CHAIN_RPC_UNAVAILABLE')
    expect(orchestrators.map((o) => o.url)).toEqual(['http://a'])
  })
})
