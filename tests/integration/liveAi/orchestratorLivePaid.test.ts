/**
 * Live AI paid on the dev chain (anvil), from the gateway's side as the protocol describes it:
 * GetOrchestrator signed by the gateway, the start request carrying tickets that cover the first
 * credit (stored under (sender, mid)), a top-up with go-livepeer's `POST /payment` (Livepeer-Payment
 * + Livepeer-Segment with the session's manifest id, protobuf PaymentResult), then segments
 * published until the balance cannot cover the wall time: the session publishes
 * `insufficient balance, mid=…, fee=…, balance=…` on its events channel and closes its channels.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { createNodeRuntime } from '@prism/gpu/node'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import {
  buildSegData,
  bytesToBigInt,
  createChainClient,
  getNetwork,
  hexToBytesStrict,
  net,
  segDataToHeader,
  signOrchestratorRequest,
  signSegData,
  signTicket,
  toHex,
} from '@prism/protocol'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { createAiPipelineKind } from '../../../apps/node/src/orchestrator/pipelines/aiPipelineKind.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { call, open, readAll } from '../trickle/trickleClient.ts'
import { type Msg, orchestratorClient } from '../wire/orchestratorGrpcClient.ts'

const MODEL = 'builtin:sepia'
type Gateway = { address: Address; privateKey: `0x${string}` }

let chain: DevChain
let stack: PaymentStack
let node: RunningOrchestrator
let dataDir: string
let gw: Gateway
let info: Msg
let token: net.AuthToken

/** A Payment echoing the OrchestratorInfo's ticket params and price, with one ticket per nonce. */
async function payment(nonces: number[]): Promise<string> {
  const tp = info.ticket_params as Record<string, Buffer> & { expiration_params: Record<string, unknown> }
  const exp = tp.expiration_params as { creation_round: string; creation_round_block_hash: Buffer }
  const account = privateKeyToAccount(gw.privateKey)
  const sigs = await Promise.all(
    nonces.map((n) =>
      signTicket(account, {
        recipient: toHex(tp.recipient!) as Address,
        sender: gw.address,
        faceValue: bytesToBigInt(tp.face_value!),
        winProb: bytesToBigInt(tp.win_prob!),
        senderNonce: BigInt(n),
        recipientRandHash: toHex(tp.recipient_rand_hash!),
        creationRound: BigInt(exp.creation_round),
        creationRoundBlockHash: toHex(exp.creation_round_block_hash),
      }),
    ),
  )
  const p = info.price_info as { pricePerUnit: string; pixelsPerUnit: string }
  const msg = create(net.PaymentSchema, {
    ticketParams: {
      recipient: tp.recipient!,
      faceValue: tp.face_value ?? new Uint8Array(),
      winProb: tp.win_prob ?? new Uint8Array(),
      recipientRandHash: tp.recipient_rand_hash!,
      seed: tp.seed ?? new Uint8Array(),
      expirationBlock: tp.expiration_block!,
    },
    sender: hexToBytesStrict(gw.address),
    expirationParams: {
      creationRound: BigInt(exp.creation_round),
      creationRoundBlockHash: exp.creation_round_block_hash,
    },
    ticketSenderParams: nonces.map((senderNonce, i) => ({ senderNonce, sig: hexToBytesStrict(sigs[i]!) })),
    expectedPrice: { pricePerUnit: BigInt(p.pricePerUnit), pixelsPerUnit: BigInt(p.pixelsPerUnit) },
  })
  return Buffer.from(toBinary(net.PaymentSchema, msg)).toString('base64')
}

/** A signed Livepeer-Segment header for `manifestId` (seq 0, empty hash, the auth token). */
async function segHeader(manifestId: string): Promise<string> {
  const seg = buildSegData({ manifestId, authToken: token })
  seg.sig = await signSegData(privateKeyToAccount(gw.privateKey), seg)
  return segDataToHeader(seg)
}

beforeAll(async () => {
  chain = await startDevChain({ gateways: 1, roundLength: 400 })
  dataDir = mkdtempSync(join(tmpdir(), 'prism-live-paid-'))
  gw = chain.accounts.gateways[0]!
  const client = createChainClient({
    network: getNetwork('dev', chain.deployment),
    rpcUrl: chain.rpcUrl,
    account: chain.accounts.orchestrator.privateKey,
    pollingIntervalMs: 100,
  })
  // a price at which two tickets cover about a second of live video
  stack = await createPaymentStack({
    client,
    dataDir,
    price: { pricePerUnit: 1000n },
    reward: false,
    pollMs: 100,
  })
  node = await startOrchestrator({
    httpAddr: 'http://127.0.0.1:0',
    payments: stack,
    aiModels: [MODEL],
    orchestrator: {
      nvidia: false,
      pipelineKinds: [createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) })],
    },
    live: { paymentIntervalMs: 200 },
  })
  const creds = await signOrchestratorRequest(privateKeyToAccount(gw.privateKey))
  const c = orchestratorClient(node.serviceURI)
  info = await c.call('GetOrchestrator', { address: creds.address, sig: creds.sig })
  c.close()
  const t = info.auth_token as { token: Buffer; session_id: string; expiration: string }
  token = create(net.AuthTokenSchema, {
    token: new Uint8Array(t.token),
    sessionId: t.session_id,
    expiration: BigInt(t.expiration),
  })
}, 120_000)

afterAll(async () => {
  await node?.close()
  await stack?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('paid live AI', () => {
  it('credits the start payment under (sender, mid), tops up by POST /payment, closes the channels when the balance runs out', async () => {
    const start = await fetch(`${node.url}/live-video-to-video`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Livepeer-Segment': await segHeader(`35_${MODEL}`),
        'Livepeer-Payment': await payment([1, 2]),
      },
      body: JSON.stringify({ model_id: MODEL }),
    })
    expect(start.status).toBe(200)
    const { manifest_id: mid } = (await start.json()) as { manifest_id: string }
    const ledger = stack.payments.ledger
    const credited = ledger.balance(gw.address, mid)
    expect(credited.num).toBeGreaterThan(0n)

    // a top-up in go-livepeer's form, keyed by the session's manifest id
    const topUp = await fetch(`${node.url}/payment`, {
      method: 'POST',
      headers: { 'Livepeer-Segment': await segHeader(mid), 'Livepeer-Payment': await payment([3, 4]) },
    })
    expect(topUp.status).toBe(200)
    const result = fromBinary(net.PaymentResultSchema, new Uint8Array(await topUp.arrayBuffer()))
    expect(result.info?.ticketParams?.recipient.length).toBe(20)
    const after = ledger.balance(gw.address, mid)
    expect(after.num * credited.den).toBeGreaterThan(credited.num * after.den)
    // a bad payment header on the top-up: 402
    const bad = await fetch(`${node.url}/payment`, {
      method: 'POST',
      headers: { 'Livepeer-Segment': await segHeader(mid), 'Livepeer-Payment': '%%%' },
    })
    expect(bad.status).toBe(402)

    // segments keep arriving until the balance cannot cover the wall time
    const events = open(node.url, 'GET', `/ai/trickle/${mid}-events/0`)
    events.end()
    let closed = false
    for (let i = 0; i < 300 && !closed; i++) {
      const r = await call(node.url, 'POST', `/ai/trickle/${mid}/-1`, 'segment bytes')
      closed = r.status === 404 || r.headers['lp-trickle-closed'] === 'terminated'
      if (!closed) await new Promise((res) => setTimeout(res, 100))
    }
    expect(closed).toBe(true)
    const ev = await readAll(await events.response)
    const event = JSON.parse(ev.text) as { type: string; message: string }
    expect(event.type).toBe('error')
    expect(event.message).toMatch(new RegExp(`^insufficient balance, mid=${mid}, fee=\\d+, balance=-?\\d+$`))
    for (const name of [mid, `${mid}-out`, `${mid}-control`, `${mid}-events`])
      expect((await call(node.url, 'GET', `/ai/trickle/${name}/next`)).status).toBe(404)
  }, 120_000)
})
