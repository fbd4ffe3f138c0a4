/**
 * Payments over `POST /payment` against a real payment node process and a real anvil: winning
 * tickets are stored, redeemed on chain once their params expire, and every ticket rejection path
 * answers with its code while the session keeps working.
 *
 * The node is the PaymentStack behind a minimal HTTP server (paymentNode.ts); the WebRTC data
 * channel path runs the same PaymentManager code (see apps/node/src/payment/paymentManager.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  getPendingFees,
  getSenderInfo,
  hashTicket,
  isTicketUsed,
  type Payment,
  paymentToHeader,
  rational,
  TicketParamsExpiredError,
  ticketBrokerAbi,
  toBase64,
} from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { payerFor, postPayment, rawPayment, readClient } from './gatewayKit.ts'
import { type NodeProcess, startNode } from './nodeProcess.ts'

const FACE = 10n ** 16n

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > end)
      throw new Error(
        `condition not met in ${ms} ms; last value ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`,
      )
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('payments over POST /payment (anvil, payment node process)', () => {
  let chain: DevChain
  let node: NodeProcess
  let dataDir: string
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 3, roundLength: 200 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-pay-'))
    // ticketEV just below maxFaceValue: winProb ≈ 1 − 1e-16 (gateways refuse winProb = 2^256 − 1), so every ticket wins.
    node = await startNode({
      rpcUrl: chain.rpcUrl,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrator.privateKey,
      dataDir,
      pricePerUnit: '1000',
      ticketEV: (FACE - 1n).toString(),
      maxFaceValue: FACE.toString(),
    })
  })
  afterAll(async () => {
    await node?.stop()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('stores winners, redeems them after params expiry, and the face values move on chain', async () => {
    const gw = chain.accounts.gateways[0]!
    const client = readClient(chain)
    const payer = await payerFor(chain, gw, node.url)
    expect(payer.session.ticketParams.faceValue).toBe(FACE)
    const before = await getSenderInfo(client, { sender: gw.address })
    const feesBefore = await getPendingFees(client, { delegator: chain.accounts.orchestrator.address })

    const p = await payer.pay(rational(3n * FACE))
    const n = p.tickets
    expect(n).toBeGreaterThanOrEqual(3)
    const res = await postPayment(node.url, p.header, 'settle-1')
    expect(res).toMatchObject({ status: 200, body: { accepted: n, winners: n } })
    const queue = (await (await fetch(`${node.url}/queue`)).json()) as Array<{
      ticketHash: string
      status: string
    }>
    expect(queue.map((q) => q.status)).toEqual(Array(n).fill('pending'))

    // Not before the params expire…
    await chain.mine(5)
    await new Promise((r) => setTimeout(r, 1000))
    for (const q of queue)
      expect(await isTicketUsed(client, { ticketHash: q.ticketHash as `0x${string}` })).toBe(false)
    // …then all of them, in one batch (in the next, initialized round: the ticket is still valid).
    await chain.mine(40)
    await chain.advanceRound()
    await until(
      async () =>
        ((await (await fetch(`${node.url}/queue`)).json()) as Array<{ status: string }>).map((q) => q.status),
      (s) => s.every((x) => x === 'redeemed'),
    ).catch((err) => {
      throw new Error(`${err.message}\nnode log:\n${node.logs()}`)
    })
    for (const q of queue)
      expect(await isTicketUsed(client, { ticketHash: q.ticketHash as `0x${string}` })).toBe(true)
    const after = await getSenderInfo(client, { sender: gw.address })
    expect(before.deposit - after.deposit).toBe(BigInt(n) * FACE)
    const transfers = await chain.publicClient.getContractEvents({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      eventName: 'WinningTicketTransfer',
      args: { sender: gw.address, recipient: chain.accounts.orchestrator.address },
      fromBlock: 0n,
    })
    expect(transfers.reduce((s, l) => s + (l.args.amount ?? 0n), 0n)).toBe(BigInt(n) * FACE)
    const feesAfter = await getPendingFees(client, { delegator: chain.accounts.orchestrator.address })
    // fees wait in the fee pool (withdrawFees); all the orchestrator's (no delegators), less rounding
    expect(feesAfter - feesBefore).toBeLessThanOrEqual(BigInt(n) * FACE)
    expect(feesAfter - feesBefore).toBeGreaterThan(BigInt(n) * FACE - 100n)
  })

  describe('rejections answer with their code and the session keeps working', () => {
    const gwIndex = 1
    const session = 'reject-1'
    let payerP: ReturnType<typeof payerFor>
    const good = async () => {
      const payer = await payerP
      const p = await payer.pay(rational(FACE))
      return postPayment(node.url, p.header, session)
    }
    const reject = async (payment: Payment) => postPayment(node.url, paymentToHeader(payment), session)

    beforeAll(async () => {
      // The test before mined 45 blocks and a new round at once; the node's chain view follows
      // on its next poll of the chain, and params it issues in between may already be expired by
      // this payer's (fresher) view: it refuses them with TICKET_PARAMS_EXPIRED, so ask again.
      payerP = until(
        () =>
          payerFor(chain, chain.accounts.gateways[gwIndex]!, node.url).catch((err: unknown) => {
            if (err instanceof TicketParamsExpiredError) return undefined
            throw err
          }),
        (p) => p !== undefined,
        20_000,
      ).then((p) => p!)
      expect((await good()).status).toBe(200)
    })

    const cases: Array<[string, string, (p: Payment) => void]> = [
      [
        'wrong recipient',
        'TICKET_RECIPIENT_INVALID',
        (p) => (p.ticketParams!.recipient = chain.accounts.deployer.address),
      ],
      ['zero sender', 'TICKET_SENDER_INVALID', (p) => (p.sender = `0x${'00'.repeat(20)}`)],
      ['rand mismatch', 'TICKET_RAND_MISMATCH', (p) => (p.ticketParams!.faceValue -= 1n)],
      [
        'price mismatch',
        'PAYMENT_PRICE_MISMATCH',
        (p) => (p.expectedPrice = { pricePerUnit: p.expectedPrice!.pricePerUnit - 1n, pixelsPerUnit: 1n }),
      ],
    ]
    for (const [name, code, mutate] of cases) {
      it(`${name} → ${code}`, async () => {
        const payer = await payerP
        const p = await rawPayment(payer, chain.accounts.gateways[gwIndex]!, [1000])
        mutate(p)
        expect(await reject(p)).toMatchObject({ status: 400, body: { code } })
        expect((await good()).status).toBe(200)
      })
    }

    it('bad signature → TICKET_SIG_INVALID', async () => {
      const payer = await payerP
      const gw = chain.accounts.gateways[gwIndex]!
      const p = await rawPayment(payer, gw, [2000], chain.accounts.gateways[2]!)
      expect(await reject(p)).toMatchObject({ status: 400, body: { code: 'TICKET_SIG_INVALID' } })
      expect((await good()).status).toBe(200)
    })

    it('replayed nonce → TICKET_NONCE_REPLAYED', async () => {
      const payer = await payerP
      const p = await rawPayment(payer, chain.accounts.gateways[gwIndex]!, [3000])
      expect((await reject(p)).status).toBe(200)
      expect(await reject(p)).toMatchObject({ status: 400, body: { code: 'TICKET_NONCE_REPLAYED' } })
      expect((await good()).status).toBe(200)
    })

    it('malformed protobuf → PAYMENT_DECODE_FAILED', async () => {
      const res = await postPayment(node.url, toBase64(new Uint8Array([0x0a, 0xff, 0xff, 0x7f])), session)
      expect(res).toMatchObject({ status: 400, body: { code: 'PAYMENT_DECODE_FAILED' } })
      expect((await good()).status).toBe(200)
    })

    it('more than 600 nonces for one params set → TICKET_NONCE_LIMIT (and 601 in one payment → PAYMENT_TOO_MANY_TICKETS)', async () => {
      // Fresh params: a new session (price fixed anew) with its own recipientRandHash.
      const gw = chain.accounts.gateways[2]!
      const payer = await payerFor(chain, gw, node.url)
      const nonces = Array.from({ length: 601 }, (_, i) => 10_000 + i)
      const all = await rawPayment(payer, gw, nonces)
      const tooMany = await postPayment(node.url, paymentToHeader(all), 'nonce-cap', true)
      expect(tooMany, JSON.stringify(tooMany.body)).toMatchObject({
        status: 400,
        body: { code: 'PAYMENT_TOO_MANY_TICKETS' },
      })
      const first = { ...all, ticketSenderParams: all.ticketSenderParams.slice(0, 600) }
      const ok = await postPayment(node.url, paymentToHeader(first), 'nonce-cap', true)
      expect(ok, JSON.stringify(ok.body)).toMatchObject({ status: 200, body: { accepted: 600 } })
      const last = { ...all, ticketSenderParams: all.ticketSenderParams.slice(600) }
      const res = await postPayment(node.url, paymentToHeader(last), 'nonce-cap', true)
      expect(res, JSON.stringify(res.body)).toMatchObject({
        status: 400,
        body: { code: 'TICKET_NONCE_LIMIT' },
      })
    })

    it('expired params → TICKET_PARAMS_EXPIRED, and the winner is still queued', async () => {
      const payer = await payerP
      const p = await rawPayment(payer, chain.accounts.gateways[gwIndex]!, [4000])
      await chain.mine(41)
      const hash = hashTicket({
        recipient: p.ticketParams!.recipient,
        sender: p.sender,
        faceValue: p.ticketParams!.faceValue,
        winProb: p.ticketParams!.winProb,
        senderNonce: 4000n,
        recipientRandHash: p.ticketParams!.recipientRandHash,
        creationRound: p.expirationParams!.creationRound,
        creationRoundBlockHash: p.expirationParams!.creationRoundBlockHash,
      })
      // The node must have seen the new blocks before the payment arrives.
      await new Promise((r) => setTimeout(r, 800))
      expect(await reject(p)).toMatchObject({ status: 400, body: { code: 'TICKET_PARAMS_EXPIRED' } })
      const queue = (await (await fetch(`${node.url}/queue`)).json()) as Array<{ ticketHash: string }>
      expect(queue.map((q) => q.ticketHash.toLowerCase())).toContain(hash.toLowerCase())
      // The session goes on with fresh params at its price.
      const payer2 = await payerFor(chain, chain.accounts.gateways[gwIndex]!, node.url)
      const ok = await payer2.pay(rational(FACE))
      expect((await postPayment(node.url, ok.header, session)).status).toBe(200)
    })
  })
})
