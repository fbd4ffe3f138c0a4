import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isBaseError, type Payment, paymentToHeader, signTicket, ticketFromParams } from '@prism/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ticketParamsContributor } from '../../payment/infoContribution.ts'
import type { PaymentChain } from '../../payment/paymentChain.ts'
import { PaymentManager } from '../../payment/paymentManager.ts'
import { PricePolicy } from '../../payment/pricePolicy.ts'
import { SettlementStore } from '../../settlement/store.ts'
import { paymentPlugin } from './payment.ts'

const ORCH = privateKeyToAccount(`0x${'01'.repeat(32)}`)
const GW = privateKeyToAccount(`0x${'02'.repeat(32)}`)
const BROKE = privateKeyToAccount(`0x${'03'.repeat(32)}`)

const chain: PaymentChain = {
  getBlockNumber: async () => 100n,
  getLastInitializedRound: async () => 7n,
  isActiveTranscoder: async () => true,
  isUsedTicket: async () => false,
  getGasPrice: async () => 1_000_000_000n,
  getSenderInfo: async (s) => ({
    deposit: 10n ** 18n,
    withdrawRound: 0n,
    reserve: { fundsRemaining: s === BROKE.address ? 0n : 10n ** 18n, claimedInCurrentRound: 0n },
  }),
  claimableReserve: async () => 10n ** 18n,
  blockHashForRound: async () => `0x${'ab'.repeat(32)}` as Hex,
  redeemWinningTicket: async () => ({ txHash: '0x' as Hex }),
  batchRedeemWinningTickets: async () => ({ txHash: '0x' as Hex }),
}

let dir: string
let store: SettlementStore
let app: FastifyInstance
let pm: PaymentManager
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prism-route-'))
  store = SettlementStore.open({ dataDir: dir })
  pm = new PaymentManager({
    recipient: ORCH.address,
    chain,
    store,
    pricePolicy: new PricePolicy({ pricePerUnit: 7n, autoAdjustPrice: false }),
    ticketEV: 10n ** 12n,
    redeemGas: 350_000n,
  })
  await pm.chainState.handleBlock(100n)
  app = Fastify()
  app.setErrorHandler((err, _req, reply) => {
    const e = isBaseError(err) ? err : null
    void reply.status(e?.httpStatus ?? 500).send({ code: e?.code ?? 'INTERNAL', message: String(err) })
  })
  paymentPlugin(app, { payments: pm })
  const contribute = ticketParamsContributor(pm)
  app.get('/info', async (req) =>
    contribute({ pipelines: [{ kind: 'ai' }] } as never, { ...(req.query as { sender?: string }) }),
  )
  await app.ready()
})
afterEach(async () => {
  await app.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('POST /payment and the /info contribution', () => {
  it('quotes params per sender and refuses a sender without reserve', async () => {
    const ok = (await app.inject({ url: `/info?sender=${GW.address}` })).json()
    expect(ok.ticketParams.recipient).toBe(ORCH.address)
    expect(ok.price).toEqual({ pricePerUnit: '7', pixelsPerUnit: '1' })
    expect(ok.pipelines).toEqual([{ kind: 'ai', price: { pricePerUnit: '7', pixelsPerUnit: '1' } }])
    const broke = await app.inject({ url: `/info?sender=${BROKE.address}` })
    expect(broke.statusCode).toBe(400)
    expect(broke.json().code).toBe('SENDER_RESERVE_MISSING')
    expect((await app.inject({ url: '/info' })).json()).toEqual({
      price: { pricePerUnit: '7', pixelsPerUnit: '1' },
      pipelines: [{ kind: 'ai', price: { pricePerUnit: '7', pixelsPerUnit: '1' } }],
    })
  })

  it('accepts the header or a text/plain body and needs a session id', async () => {
    const params = await pm.ticketParamsFor(GW.address)
    const { expirationParams, price, ...ticketParams } = params
    const payment = async (n: number): Promise<string> => {
      const sig = await signTicket(GW, ticketFromParams(params, GW.address, BigInt(n)))
      const p: Payment = {
        sender: GW.address,
        ticketParams,
        expirationParams,
        ticketSenderParams: [{ senderNonce: n, sig }],
        expectedPrice: price,
      }
      return paymentToHeader(p)
    }
    const viaHeader = await app.inject({
      method: 'POST',
      url: '/payment',
      headers: { 'livepeer-payment': await payment(1), 'livepeer-session': 's1' },
    })
    expect(viaHeader.statusCode).toBe(200)
    expect(viaHeader.json()).toMatchObject({ accepted: 1, winners: expect.any(Number) })
    expect(viaHeader.json().ticketParams.type).toBe('ticketParams')
    const viaBody = await app.inject({
      method: 'POST',
      url: '/payment?session=s1',
      headers: { 'content-type': 'text/plain' },
      payload: await payment(2),
    })
    expect(viaBody.json()).toMatchObject({ accepted: 1 })
    const noSession = await app.inject({
      method: 'POST',
      url: '/payment',
      headers: { 'livepeer-payment': await payment(3) },
    })
    expect(noSession.statusCode).toBe(400)
    expect(noSession.json().code).toBe('PAYMENT_DECODE_FAILED')
    const none = await app.inject({ method: 'POST', url: '/payment?session=s1' })
    expect(none.json().code).toBe('PAYMENT_DECODE_FAILED')
  })
})
