/**
 * Discovery against anvil: @prism/protocol's `discover` walks the BondingManager pool, reads each
 * ServiceRegistry URI, probes `GET /info?sender=` on real HTTP servers and ranks the answers (the
 * node gateway's gRPC discovery of the same pool is in tests/integration/gateway/paidRtmpStream).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createChainClient, discover, type OrchestratorInfo } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'

function info(pricePerUnit: string): OrchestratorInfo {
  return {
    version: 1,
    address: '0x0000000000000000000000000000000000000001',
    serviceURI: 'http://x',
    nodeVersion: 'test',
    price: { pricePerUnit, pixelsPerUnit: '1' },
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [{ kind: 'transcode' }],
    models: [],
    capacity: { maxSessions: 4, sessions: 0 },
    encoder: 'libx264',
  }
}

/** An /info server answering `body`, recording the query strings it saw. */
async function infoServer(body: OrchestratorInfo | { code: string; message: string }, status = 200) {
  const queries: string[] = []
  const server: Server = createServer((req, res) => {
    queries.push(req.url ?? '')
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, queries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describe('discover on the dev chain', () => {
  let chain: DevChain
  let servers: Awaited<ReturnType<typeof infoServer>>[]
  beforeAll(async () => {
    servers = [
      await infoServer(info('2')),
      await infoServer({ code: 'SENDER_RESERVE_MISSING', message: 'no reserve' }, 400),
      await infoServer(info('1')),
    ]
    chain = await startDevChain({
      orchestrators: 3,
      gateways: 1,
      serviceUris: [servers[0]!.url, `${servers[1]!.url}/`, 'http://127.0.0.1:1'],
    })
  })
  afterAll(async () => {
    await chain?.close()
    for (const s of servers ?? []) await s.close()
  })

  it('finds the pool with addresses, asks each node for the sender, and ranks the answers', async () => {
    const client = createChainClient({ network: chain.network })
    const sender = chain.accounts.gateways[0]!.address
    const { orchestrators, chainError } = await discover({ client, configured: [servers[2]!.url], sender })
    expect(chainError).toBeUndefined()
    const [o1, o2, o3] = chain.accounts.orchestrators
    const byUrl = Object.fromEntries(orchestrators.map((o) => [o.url, o]))
    expect(byUrl[servers[0]!.url]).toMatchObject({ source: 'chain', address: o1!.address, eligible: true })
    expect(byUrl[servers[1]!.url]).toMatchObject({ source: 'chain', address: o2!.address, reason: 'refused' })
    expect(byUrl['http://127.0.0.1:1']).toMatchObject({ address: o3!.address, reason: 'unreachable' })
    expect(byUrl[servers[2]!.url]).toMatchObject({ source: 'configured', eligible: true })
    // The cheaper configured node ranks first.
    expect(orchestrators[0]?.url).toBe(servers[2]!.url)
    expect(servers[0]!.queries).toEqual([`/info?sender=${sender}`])
  })
})
