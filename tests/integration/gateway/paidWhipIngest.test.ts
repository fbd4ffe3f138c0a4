/**
 * WHIP ingest on a paying gateway (anvil): the headless werift client publishes testsrc to the
 * gateway's `POST /live/{stream}/whip`; each segment goes to a paid orchestrator over go-livepeer's
 * protocol with tickets whose EV is below one segment's fee, so the ticket count follows the fee
 * estimate. Segment 0 (cut while the gateway waits for a keyframe) is published like the others,
 * and no segment meets a refusal (`Insufficient balance` included). (The session's first payment
 * prepays twice its estimate; this run passes without that margin too: it guards the outcome.)
 */
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { discoverOrchestrators } from '../../../apps/node/src/gateway/selection/discoverOrchestrators.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

const FACE = 10n ** 15n
const EV = 10n ** 13n
const profiles = profilesByName(['P240p30fps16x9'])

describe('paid WHIP ingest through the gateway (anvil)', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 200 })
    // 240p30: ~3.1 Mpixel per second; 10^7 wei a pixel: ~6e13 wei per 2 s segment, several tickets of 1e13
    node = await startPaidSegmentNode(chain, { pricePerUnit: 10_000_000n, ticketEV: EV, maxFaceValue: FACE })
  })
  afterAll(async () => {
    await close?.()
    await node?.close()
    await chain?.close()
  })

  it('publishes segment 0 and every later one, all paid', async () => {
    const account = privateKeyToAccount(chain.accounts.gateways[0]!.privateKey)
    const getBlockNumber = () => chain.publicClient.getBlockNumber()
    const payer = new PaymentSessionPayer({
      account,
      getBlockNumber,
      maxTicketEV: 2n * EV,
      maxTotalEV: 100n * EV,
    })
    const gateway = new Gateway({ account, orchAddrs: [], profiles, payer, currentBlock: getBlockNumber })
    const uris = await discoverOrchestrators({
      orchAddrs: [node.uri],
      request: await gateway.orchestratorRequest(),
      onInfo: (uri, info) => gateway.sessions.seed(uri, info),
    })
    expect(uris).toEqual([node.uri])
    gateway.pool.add(uris)
    const published: number[] = []
    const failures: string[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    gateway.on('swap', (e) => failures.push(`${e.seq}: ${e.reason}`))
    const app = await buildGatewayServer(gateway)
    await app.listen({ host: '127.0.0.1', port: 0 })
    close = () => app.close()
    const a = app.server.address()
    const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`

    const client = await WhipClient.connect({
      url: base,
      streamId: 'paidcam',
      source: { type: 'testsrc', width: 640, height: 360, fps: 30 },
      decode: false,
    })
    const end = Date.now() + 60_000
    while (published.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 200))
    await client.close()
    await gateway.drain()
    expect(failures).toEqual([])
    expect(published).toContain(0)
    expect(published.length).toBeGreaterThanOrEqual(3)
    expect(payer.ticketsSent).toBeGreaterThan(published.length)
    const playlist = await (await fetch(`${base}/live/paidcam/hls/P240p30fps16x9/index.m3u8`)).text()
    expect(playlist.split('\n')).toContain('0.ts')
  })
})
