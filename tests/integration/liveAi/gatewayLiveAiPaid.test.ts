/**
 * Live AI through the Prism gateway, paid on the dev chain (anvil): the start request carries
 * tickets for the initial credit (60 s of 1280×720×30 pixels at the quoted price), and while the
 * stream runs the gateway pays `POST /payment` on the interval; the orchestrator (which debits its
 * balance every second) keeps the stream alive and its output flows. The runner is a pass-through
 * stand-in (output = input), so that only payments are under test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeRuntime } from '@prism/gpu/node'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { createChainClient, getNetwork } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { TricklePublisher } from '../../../apps/node/src/gateway/live/trickle/TricklePublisher.ts'
import { TrickleSubscriber } from '../../../apps/node/src/gateway/live/trickle/TrickleSubscriber.ts'
import { readBody } from '../../../apps/node/src/gateway/live/trickle/trickleHttp.ts'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { createAiPipelineKind } from '../../../apps/node/src/orchestrator/pipelines/aiPipelineKind.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { publishTestsrc } from '../../helpers/segmentNode.ts'

const MODEL = 'builtin:sepia'

describe('paid live AI through the gateway (anvil)', () => {
  let chain: DevChain
  let stack: PaymentStack
  let node: RunningOrchestrator
  let dataDir: string
  let gateway: Gateway
  let ingest: RtmpSegmenter
  let closeApp: () => Promise<void>
  const paymentCalls: number[] = []
  const closed: string[] = []
  const failures: string[] = []

  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 400 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-gw-live-paid-'))
    const client = createChainClient({
      network: getNetwork('dev', chain.deployment),
      rpcUrl: chain.rpcUrl,
      account: chain.accounts.orchestrator.privateKey,
      pollingIntervalMs: 100,
    })
    // a ticket EV that keeps the initial credit to a few tickets (a header Node's server accepts)
    stack = await createPaymentStack({
      client,
      dataDir,
      price: { pricePerUnit: 1000n, autoAdjustPrice: false },
      payments: { ticketEV: 10n ** 12n },
      reward: false,
      pollMs: 100,
    })
    let uri = ''
    node = await startOrchestrator({
      httpAddr: 'http://127.0.0.1:0',
      payments: stack,
      aiModels: [MODEL],
      orchestrator: {
        nvidia: false,
        pipelineKinds: [createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) })],
      },
      live: {
        paymentIntervalMs: 1000,
        runner: async (session) => {
          const input = new TrickleSubscriber({ url: `${uri}/ai/trickle/${session.mid}`, start: 0 })
          const out = new TricklePublisher({ url: `${uri}/ai/trickle/${session.mid}-out` })
          void (async () => {
            try {
              for (let s = await input.next(); s; s = await input.next())
                await out.write(await readBody(s.body))
            } catch {}
          })()
          return { close: async () => input.close() }
        },
      },
      server: {
        plugins: [
          (app) =>
            app.addHook('onResponse', async (req, reply) => {
              if (req.url === '/payment') paymentCalls.push(reply.statusCode)
            }),
        ],
      },
    })
    uri = node.url
    const account = privateKeyToAccount(chain.accounts.gateways[0]!.privateKey)
    const getBlockNumber = () => chain.publicClient.getBlockNumber()
    gateway = new Gateway({
      account,
      orchAddrs: [],
      profiles: [],
      payer: new PaymentSessionPayer({ account, getBlockNumber }),
      currentBlock: getBlockNumber,
      liveAi: { modelId: MODEL },
    })
    gateway.pool.add([node.url])
    gateway.liveAi?.on('swap', (e) => closed.push(e.reason))
    gateway.liveAi?.on('paymentFailed', (e) => failures.push(String(e.error)))
    const app = await buildGatewayServer(gateway, { segmentSeconds: 1 })
    await app.listen({ host: '127.0.0.1', port: 0 })
    closeApp = () => app.close()
    ingest = new RtmpSegmenter({ port: await freePort(), segmentSeconds: 1 })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    await ingest.start()
  }, 120_000)

  afterAll(async () => {
    await ingest?.close()
    await gateway?.liveAi?.close()
    await closeApp?.()
    await node?.close()
    await stack?.close()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('pays the initial credit and POST /payment on the interval; the stream stays alive', async () => {
    const pub = publishTestsrc(ingest.url('cam'), 14)
    expect(await pub.done).toBe(0)
    await gateway.drain()
    const session = gateway.liveAi?.get('cam')
    // the job was started with tickets (a priced orchestrator refuses a start without credit)
    expect(closed).toEqual([])
    expect(session?.uri).toBe(node.url)
    // at least one live payment after the 5 s interval, accepted
    expect(failures).toEqual([])
    expect(session?.payments?.paid ?? 0).toBeGreaterThanOrEqual(1)
    expect(paymentCalls.length).toBeGreaterThanOrEqual(1)
    expect(paymentCalls.every((s) => s === 200)).toBe(true)
    // output came back while paid
    const pl = gateway.hls.mediaPlaylist('cam', 'ai') ?? ''
    expect(pl.split('\n').filter((l) => l.endsWith('.ts')).length).toBeGreaterThanOrEqual(5)
  })
})
