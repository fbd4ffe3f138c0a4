/**
 * Prism gateway → Prism orchestrator entirely over go-livepeer's protocol, paid on the dev chain:
 * the gateway finds the orchestrator in the on-chain pool (its ServiceRegistry URI) and asks it by
 * gRPC GetOrchestrator over TLS (signed request); ffmpeg pushes 20 s of testsrc over RTMP; every
 * segment goes as a signed SegData with the ticket count of go-livepeer's credit model in
 * `Livepeer-Payment`, keyed by the auth token's session; the orchestrator credits the tickets,
 * debits the renditions' pixels at the session price and signs them; the gateway downloads and
 * checks them; HLS renditions appear (ffprobe confirms the ladder) and the winners are redeemed on
 * chain.
 */
import { createChainClient, ticketBrokerAbi } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { discoverOrchestrators } from '../../../apps/node/src/gateway/selection/discoverOrchestrators.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'
import { makeTestSegment, publishTestsrc } from '../../helpers/segmentNode.ts'

const FACE = 10n ** 15n
const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The dev chain's gateway account, a ticket payer for it and a paying Gateway sending to `orchAddrs`. */
function paidGateway(chain: DevChain, orchAddrs: string[]) {
  const gw = chain.accounts.gateways[0]!
  const account = privateKeyToAccount(gw.privateKey)
  const getBlockNumber = () => chain.publicClient.getBlockNumber()
  const payer = new PaymentSessionPayer({
    account,
    getBlockNumber,
    maxTicketEV: FACE,
    maxTotalEV: 10n * FACE,
  })
  const gateway = new Gateway({ account, orchAddrs, profiles, payer, currentBlock: getBlockNumber })
  return { gw, payer, gateway }
}

describe('paid RTMP stream through the gateway (anvil)', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    // the orchestrator's service URI is registered on chain before it listens there
    const port = await freePort()
    chain = await startDevChain({ gateways: 1, roundLength: 200, serviceUris: [`https://127.0.0.1:${port}`] })
    // ticketEV just below the face value: winProb ≈ 1, so every ticket wins and is redeemed.
    node = await startPaidSegmentNode(chain, {
      pricePerUnit: 10_000_000n,
      ticketEV: FACE - 1n,
      maxFaceValue: FACE,
      port,
    })
  })
  afterAll(async () => {
    await close?.()
    await node?.close()
    await chain?.close()
  })

  it('pays with tickets, publishes the ladder, and the winners are redeemed on chain', async () => {
    const { gw, payer, gateway } = paidGateway(chain, [])
    // discovery: the on-chain pool, GetOrchestrator to each
    const uris = await discoverOrchestrators({
      orchAddrs: [],
      request: await gateway.orchestratorRequest(),
      client: createChainClient({ network: chain.network }),
      sender: gw.address,
      metrics: gateway.metrics,
      onInfo: (uri, info) => gateway.sessions.seed(uri, info),
    })
    expect(uris).toEqual([node.uri])
    gateway.pool.add(uris)
    const failures: string[] = []
    gateway.on('swap', (e) => failures.push(e.reason))
    const app = await buildGatewayServer(gateway)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const a = app.server.address()
    const hlsBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    const ingest = new RtmpSegmenter({ port: await freePort() })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    await ingest.start()
    close = async () => {
      await ingest.close()
      await app.close()
    }

    const ended = new Promise<string>((r) => ingest.once('end', r))
    const pub = publishTestsrc(ingest.url('paid'), 20)
    expect(await pub.done).toBe(0)
    await ended
    await gateway.drain()
    const session = gateway.sessions.get('paid', node.uri)?.authToken?.sessionId
    expect(session).toMatch(/^[0-9a-f]{8}$/)
    const credit = payer.credit(session!)
    await gateway.endStream('paid')
    expect(failures).toEqual([])

    // HLS ladder.
    for (const p of profiles) {
      const s = await probeVideo(`${hlsBase}/live/paid/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
      expect(s.frames).toBeGreaterThan(500)
    }
    expect(node.served.length).toBeGreaterThanOrEqual(9)

    // Tickets were sent, accepted and stored as winners.
    expect(payer.ticketsSent).toBeGreaterThanOrEqual(2)
    const metrics = await (await fetch(`${hlsBase}/metrics`)).text()
    expect(metrics).toContain(`livepeer_tickets_sent ${payer.ticketsSent}`)
    const stored = node.stack.store.allTickets()
    expect(stored.length).toBe(payer.ticketsSent)
    // Output pixels were debited at the session price, keyed by (sender, auth token session): the
    // orchestrator's balance is below the credited EV and equals the gateway's own credit
    const balance = node.stack.payments.ledger.balance(gw.address, session!)
    expect(balance.num > 0n).toBe(true)
    expect(balance.num * 1n < BigInt(payer.ticketsSent) * (FACE - 1n) * balance.den).toBe(true)
    expect(credit).toEqual(balance)

    // Winners are redeemed once their params expire.
    await chain.mine(41)
    await chain.advanceRound()
    await until(
      () => node.stack.store.allTickets().map((t) => t.status),
      (s) => s.every((x) => x === 'redeemed'),
    )
    const transfers = await chain.publicClient.getContractEvents({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      eventName: 'WinningTicketTransfer',
      args: { sender: gw.address },
      fromBlock: 0n,
    })
    expect(transfers.length).toBe(payer.ticketsSent)
    expect(transfers.reduce((s, l) => s + (l.args.amount ?? 0n), 0n)).toBe(BigInt(payer.ticketsSent) * FACE)
  })
  it('pays for segments sent side by side: the credit still equals the orchestrator balance', async () => {
    const { gw, payer, gateway } = paidGateway(chain, [node.uri])
    const swaps: string[] = []
    const published: number[] = []
    gateway.on('swap', (e) => swaps.push(e.reason))
    gateway.on('segment', (e) => published.push(e.seq))
    const storedBefore = node.stack.store.allTickets().length
    const data = await makeTestSegment(1)
    // a stream behind its ingest: every segment queued at once, two in flight
    for (let seq = 0; seq < 6; seq++) void gateway.enqueue({ stream: 'burst', seq, data, durationMs: 1000 })
    await gateway.drain()
    expect(swaps).toEqual([])
    expect(published).toEqual([0, 1, 2, 3, 4, 5])
    const session = gateway.sessions.get('burst', node.uri)?.authToken?.sessionId
    expect(session).toMatch(/^[0-9a-f]{8}$/)
    const balance = node.stack.payments.ledger.balance(gw.address, session!)
    expect(balance.num > 0n).toBe(true)
    expect(payer.credit(session!)).toEqual(balance)
    expect(node.stack.store.allTickets().length - storedBefore).toBe(payer.ticketsSent)
    await gateway.endStream('burst')
  })
})
