/**
 * Sessions belong to their sender. On a paid node a WHIP offer must name its ticket sender and
 * sign the offer with that sender's key: an offer without them (401 SESSION_SENDER_REQUIRED) or
 * with a signature that is not the named sender's for this offer and stream (403
 * SESSION_SENDER_SIG_INVALID) creates no session. A payment for a session from any other sender
 * is refused (403 PAYMENT_SENDER_MISMATCH) and credits nothing, while the owner's payments on the
 * session's data channel credit the session's balance and open its gate. Also: a headless client
 * whose peer never connects closes itself (WHIP DELETE, no temporary folder left). Real anvil,
 * werift on 127.0.0.1 and the real node.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MediaPeer, type RunningOrchestrator } from '@prism/node'
import {
  createChainClient,
  type DevAccount,
  getNetwork,
  paymentToHeader,
  rational,
  signWhipOffer,
} from '@prism/protocol'
import Fastify from 'fastify'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { payerFor, postPayment, rawPayment } from '../payment/gatewayKit.ts'

/** wei per pixel */
const PRICE = 1000n

let chain: DevChain
let stack: PaymentStack
let node: RunningOrchestrator
let dataDir: string
let owner: DevAccount
let stranger: DevAccount

beforeAll(async () => {
  chain = await startDevChain({ gateways: 2, roundLength: 400 })
  ;[owner, stranger] = chain.accounts.gateways as [DevAccount, DevAccount]
  dataDir = mkdtempSync(join(tmpdir(), 'prism-sender-'))
  const client = createChainClient({
    network: getNetwork('dev', chain.deployment),
    rpcUrl: chain.rpcUrl,
    account: chain.accounts.orchestrator.privateKey,
    pollingIntervalMs: 100,
  })
  stack = await createPaymentStack({
    client,
    dataDir,
    price: { pricePerUnit: PRICE, autoAdjustPrice: false },
    payments: { ticketEV: 10n ** 12n, prepaySeconds: 1 },
    reward: false,
    pollMs: 100,
  })
  node = await startTestOrchestrator({ payments: stack, monitor: false })
})

afterAll(async () => {
  await node?.close()
  await stack?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const small = { type: 'testsrc', width: 160, height: 120, fps: 10 } as const

async function refusal(opts: Partial<Parameters<typeof WhipClient.connect>[0]>) {
  const err = await WhipClient.connect({
    url: node.url,
    streamId: 'refused',
    decode: false,
    manualStart: true,
    source: small,
    ...opts,
  }).then(
    async (c) => {
      await c.close()
      return undefined
    },
    (e: unknown) => e as { status?: number; remoteCode?: string },
  )
  return { status: err?.status, code: err?.remoteCode }
}

describe('WHIP offers on a paid node name and sign their sender', () => {
  it('refuses an offer without a signed sender, or signed by someone else', async () => {
    expect(await refusal({})).toEqual({ status: 401, code: 'SESSION_SENDER_REQUIRED' })
    expect(await refusal({ sender: owner.address })).toEqual({ status: 401, code: 'SESSION_SENDER_REQUIRED' })
    // the stranger signs, claiming to be the owner
    expect(await refusal({ sender: owner.address, senderKey: stranger.privateKey })).toEqual({
      status: 403,
      code: 'SESSION_SENDER_SIG_INVALID',
    })
    // the owner's signature, of another offer
    const other = await signWhipOffer(privateKeyToAccount(owner.privateKey), {
      stream: 'refused',
      offerSdp: 'v=0',
    })
    expect(await refusal({ sender: owner.address, senderSig: other })).toEqual({
      status: 403,
      code: 'SESSION_SENDER_SIG_INVALID',
    })
    expect(node.orchestrator.sessions).toEqual([])
  })

  it("refuses a stranger's payment for the session; the owner's credit it and open the gate", async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'owned',
      decode: false,
      source: small,
      senderKey: owner.privateKey,
    })
    const payments: Record<string, unknown>[] = []
    client.on('payment', (m) => {
      if (!(m instanceof Uint8Array)) payments.push(m)
    })
    try {
      const session = node.orchestrator.getSessionByStream('owned')!
      expect(session.sender?.toLowerCase()).toBe(owner.address.toLowerCase())
      expect(session.outputPaused).toBe(true)

      // The stranger knows the session id and pays first, with valid tickets of its own.
      const strangerPayer = await payerFor(chain, stranger, node.url)
      const foreign = await rawPayment(strangerPayer, stranger, [1, 2, 3])
      const res = await postPayment(node.url, paymentToHeader(foreign), session.id)
      expect(res).toMatchObject({ status: 403, body: { code: 'PAYMENT_SENDER_MISMATCH' } })
      expect(stack.payments.ledger.balance(stranger.address, session.id).num).toBe(0n)
      expect(stack.store.allTickets()).toEqual([])

      // The owner prepays on the data channel: its balance, the one the gate checks, is credited.
      const payer = await payerFor(chain, owner, node.url)
      client.on('payment', (m) => {
        if (!(m instanceof Uint8Array)) payer.handleEvent(m)
      })
      await client.payment.opened()
      const prepay = await payer.pay(rational(160n * 120n * 10n * 60n * PRICE))
      client.payment.send(JSON.stringify(prepay.message))
      const acked = () => payments.some((m) => m.type === 'paymentAck')
      for (let i = 0; i < 100 && (session.outputPaused || !acked()); i++)
        await new Promise((r) => setTimeout(r, 50))
      expect(session.outputPaused).toBe(false)
      expect(payments.find((m) => m.type === 'paymentAck')).toMatchObject({ accepted: prepay.tickets })
      expect(payments.filter((m) => m.type === 'paymentError')).toEqual([])
      const [entry] = stack.payments.sessions().filter((s) => s.sessionId === session.id)
      expect(entry?.sender?.toLowerCase()).toBe(owner.address.toLowerCase())
      expect(BigInt(entry!.balance) > 0n).toBe(true)
      expect(stack.payments.ledger.balance(stranger.address, session.id).num).toBe(0n)
    } finally {
      await client.close()
    }
  })
})

describe('the headless client', () => {
  it('closes itself when its peer never connects: WHIP DELETE sent, no temporary folder left', async () => {
    // A WHIP endpoint that answers the offer and then drops its side of the connection.
    const deleted: string[] = []
    const fake = Fastify()
    fake.addContentTypeParser('application/sdp', { parseAs: 'string' }, (_r, body, done) => done(null, body))
    fake.post('/live/:stream/whip', async (req, reply) => {
      const { peer, answerSdp } = await MediaPeer.answer(req.body as string, { loopbackOnly: true })
      await peer.close()
      return reply.status(201).header('location', '/live/s/whip/abc/secret').send(answerSdp)
    })
    fake.delete('/live/:stream/whip/:id/:secret', async (req) => {
      deleted.push(req.url)
      return {}
    })
    await fake.listen({ host: '127.0.0.1', port: 0 })
    const url = `http://127.0.0.1:${(fake.server.address() as { port: number }).port}`
    const folders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('prism-client-'))
    const before = new Set(folders())
    try {
      await expect(
        WhipClient.connect({ url, streamId: 's', decode: false, manualStart: true, connectTimeoutMs: 1500 }),
      ).rejects.toThrow(/peer did not connect/)
      expect(deleted).toEqual(['/live/s/whip/abc/secret'])
      expect(folders().filter((f) => !before.has(f))).toEqual([])
    } finally {
      await fake.close()
    }
  })
})
