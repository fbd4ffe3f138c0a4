/**
 * Paid live AI through the Prism gateway on the dev chain (anvil), over the life of a stream:
 *
 * - a long stream crosses a ticket params expiry (the chain moves 100 blocks on, past the params'
 *   expiration block) and an auth token expiry (both nodes' clocks jump 31 minutes on, past the
 *   token's 30 min): before paying, the gateway refreshes its session with GetOrchestrator, and
 *   every `POST /payment` is accepted (new ticket params, a new auth token in the Livepeer-Segment);
 * - when the stream's balance runs out (the test spends it in the orchestrator's ledger, as wall
 *   time past the credit would), the orchestrator publishes `insufficient balance, mid=…` and closes
 *   the channels; the gateway surfaces `GATEWAY_LIVE_INSUFFICIENT_BALANCE` and stops the stream (HLS
 *   ended, no new job started anywhere), instead of swapping.
 *
 * The runner is a pass-through stand-in (output = input), so that only payments are under test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeRuntime } from '@prism/gpu/node'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { createChainClient, decodeWire, fromBase64, getNetwork, isBaseError, net } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { TricklePublisher } from '../../../apps/node/src/gateway/live/trickle/TricklePublisher.ts'
import { TrickleSubscriber } from '../../../apps/node/src/gateway/live/trickle/TrickleSubscriber.ts'
import { readBody } from '../../../apps/node/src/gateway/live/trickle/trickleHttp.ts'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { AuthTokens } from '../../../apps/node/src/orchestrator/http/grpc/authTokens.ts'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { createAiPipelineKind } from '../../../apps/node/src/orchestrator/pipelines/aiPipelineKind.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { publishTestsrc } from '../../helpers/segmentNode.ts'

const MODEL = 'builtin:sepia'

/** Polls `ok` every 100 ms for up to `ms`. */
async function until(ok: () => boolean, ms = 60_000): Promise<boolean> {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100))
  return ok()
}

describe('paid live AI through the gateway over a stream’s life (anvil)', () => {
  let chain: DevChain
  let stack: PaymentStack
  let node: RunningOrchestrator
  let dataDir: string
  let gateway: Gateway
  let ingest: RtmpSegmenter
  /** Both nodes' clocks: the wall clock plus a jump. */
  let jump = 0
  const clock = { now: () => Date.now() + jump }
  /** `POST /payment` as the orchestrator saw them: status and the auth token's session id. */
  const payments: { status: number; tokenSession: string }[] = []
  const log: string[] = []
  const failures: string[] = []

  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 1000 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-gw-live-pay-'))
    const client = createChainClient({
      network: getNetwork('dev', chain.deployment),
      rpcUrl: chain.rpcUrl,
      account: chain.accounts.orchestrator.privateKey,
      pollingIntervalMs: 100,
    })
    stack = await createPaymentStack({
      client,
      dataDir,
      price: { pricePerUnit: 1000n, autoAdjustPrice: false },
      payments: { ticketEV: 10n ** 12n },
      reward: false,
      pollMs: 100,
    })
    let uri = ''
    const pending = new Map<unknown, string>()
    node = await startOrchestrator({
      httpAddr: 'http://127.0.0.1:0',
      payments: stack,
      aiModels: [MODEL],
      wire: { tokens: new AuthTokens({ clock }) },
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
          (app) => {
            app.addHook('onRequest', async (req) => {
              if (req.url !== '/payment') return
              const seg = decodeWire(net.SegDataSchema, fromBase64(String(req.headers['livepeer-segment'])))
              pending.set(req, seg.authToken?.sessionId ?? '')
            })
            app.addHook('onResponse', async (req, reply) => {
              if (req.url !== '/payment') return
              payments.push({ status: reply.statusCode, tokenSession: pending.get(req) ?? '' })
              pending.delete(req)
            })
          },
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
      liveAi: { modelId: MODEL, paymentIntervalMs: 1000, clock },
    })
    gateway.pool.add([node.url])
    gateway.liveAi?.on('started', (e) => log.push(`started ${e.stream} ${e.manifestId}`))
    gateway.liveAi?.on('swap', (e) => log.push(`swap ${e.stream}: ${e.reason}`))
    gateway.liveAi?.on('stopped', (e) => log.push(`stopped ${e.stream}: ${e.error.code}: ${e.error.text}`))
    gateway.liveAi?.on('paymentFailed', (e) => failures.push(`${e.stream}: ${String(e.error)}`))
    ingest = new RtmpSegmenter({ port: await freePort(), segmentSeconds: 1 })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    await ingest.start()
  }, 120_000)

  afterAll(async () => {
    await ingest?.close()
    await gateway?.liveAi?.close()
    await node?.close()
    await stack?.close()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('refreshes the session before paying across a ticket params expiry and an auth token expiry', async () => {
    const pub = publishTestsrc(ingest.url('long'), 40)
    try {
      expect(await until(() => (gateway.liveAi?.get('long')?.payments?.paid ?? 0) >= 2)).toBe(true)
      const payer = () => gateway.liveAi?.get('long')?.payments
      const tokens = () => new Set(payments.map((p) => p.tokenSession)).size
      const outputs = () =>
        (gateway.hls.mediaPlaylist('long', 'ai') ?? '').split('\n').filter((l) => l.endsWith('.ts')).length

      // the chain moves past the ticket params' expiration block (40 blocks after the orchestrator's)
      const paid1 = payer()!.paid
      await chain.mine(100)
      expect(await until(() => payer()!.paid >= paid1 + 2)).toBe(true)
      expect(payer()!.refreshed).toBeGreaterThanOrEqual(1)
      const tokens1 = tokens()
      expect(tokens1).toBeGreaterThanOrEqual(2) // the refresh brought a new auth token too

      // both clocks jump past the auth token's expiry: the old token would be refused (403)
      const paid2 = payer()!.paid
      const refreshed2 = payer()!.refreshed
      const out2 = outputs()
      jump = 31 * 60 * 1000
      expect(await until(() => payer()!.paid >= paid2 + 2)).toBe(true)
      expect(payer()!.refreshed).toBeGreaterThan(refreshed2)
      expect(tokens()).toBeGreaterThan(tokens1)
      expect(await until(() => outputs() >= out2 + 2)).toBe(true)

      // every payment was accepted, nothing failed, the stream never left its job
      expect(failures).toEqual([])
      expect(payments.length).toBeGreaterThanOrEqual(4)
      expect(payments.filter((p) => p.status !== 200)).toEqual([])
      expect(log.filter((l) => l.includes('long') && !l.startsWith('started long'))).toEqual([])
      expect(log.filter((l) => l.startsWith('started long')).length).toBe(1)
    } finally {
      // the RTMP listener takes one publisher at a time: wait until it has let this one go (its
      // last segments handed over) and listens again before the next test publishes
      const left = new Promise<void>((r) => ingest.once('end', () => r()))
      await pub.kill()
      await left
      await gateway.endStream('long')
      await new Promise((r) => setTimeout(r, 1000))
      jump = 0
    }
  }, 120_000)

  it('stops the stream with GATEWAY_LIVE_INSUFFICIENT_BALANCE when the balance runs out', async () => {
    const pub = publishTestsrc(ingest.url('short'), 40)
    try {
      const started = () => log.filter((l) => l.startsWith('started short'))
      expect(await until(() => started().length === 1)).toBe(true)
      const mid = started()[0]!.split(' ')[2]!
      const session = () => gateway.liveAi?.get('short')
      expect(await until(() => (gateway.hls.mediaPlaylist('short', 'ai') ?? '').includes('.ts'))).toBe(true)
      const ledger = stack.payments.ledger
      const sender = chain.accounts.gateways[0]!.address
      expect(ledger.balance(sender, mid).num).toBeGreaterThan(0n)

      // the balance is spent (as hours of wall time would): the next charge cannot be covered
      ledger.debitPixels(sender, mid, 10n ** 12n)
      expect(await until(() => session()?.error !== undefined, 30_000)).toBe(true)
      const error = session()!.error!
      expect(error.code).toBe('GATEWAY_LIVE_INSUFFICIENT_BALANCE')
      expect(error.text).toMatch(new RegExp(`^insufficient balance, mid=${mid}, fee=\\d+, balance=-?\\d+$`))
      expect(log).toContain(`stopped short: GATEWAY_LIVE_INSUFFICIENT_BALANCE: ${error.text}`)

      // the stream stays stopped while its ingest goes on: no new job, no swap, HLS ended
      const seen = gateway.hls.mediaPlaylist('short', 'ai') ?? ''
      expect(seen).toContain('#EXT-X-ENDLIST')
      await new Promise((r) => setTimeout(r, 3000))
      expect(started().length).toBe(1)
      expect(log.filter((l) => l.startsWith('swap short'))).toEqual([])
      expect(session()?.uri).toBeUndefined()
      // a parameter update names the reason
      const update = await gateway.liveAi!.update('short', '{"strength":0}').catch((e: unknown) => e)
      expect(isBaseError(update) && update.code).toBe('GATEWAY_LIVE_INSUFFICIENT_BALANCE')
      // the orchestrator's channels are gone
      const next = await fetch(`${node.url}/ai/trickle/${mid}-out/next`)
      expect(next.status).toBe(404)
    } finally {
      await pub.kill()
      await gateway.endStream('short')
    }
  }, 120_000)
})
