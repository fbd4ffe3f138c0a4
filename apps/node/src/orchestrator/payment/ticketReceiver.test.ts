import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  MAX_WIN_PROB,
  type Payment,
  type SenderInfo,
  signTicket,
  ticketFromParams,
  verifyTicketSignature,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettlementStore } from '../settlement/store.ts'
import { BalanceLedger } from './balanceLedger.ts'
import { ChainState } from './chainState.ts'
import { NonceTracker } from './nonceTracker.ts'
import type { PaymentChain } from './paymentChain.ts'
import { PricePolicy } from './pricePolicy.ts'
import { newRandSecret } from './recipientRand.ts'
import { type IssuedTicketParams, TicketParamsIssuer } from './ticketParamsIssuer.ts'
import { TicketReceiver } from './ticketReceiver.ts'

const ORCH = privateKeyToAccount(`0x${'01'.repeat(32)}`)
const GATEWAY = privateKeyToAccount(`0x${'02'.repeat(32)}`)
const OTHER = privateKeyToAccount(`0x${'03'.repeat(32)}`)

/** In-memory chain state: the facts the receiver and issuer read. */
function memoryChain(over: Partial<{ sender: SenderInfo; active: boolean }> = {}): PaymentChain {
  const sender: SenderInfo = over.sender ?? {
    deposit: 10n ** 18n,
    withdrawRound: 0n,
    reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
  }
  return {
    getBlockNumber: async () => 100n,
    getLastInitializedRound: async () => 7n,
    isActiveTranscoder: async () => over.active ?? true,
    isUsedTicket: async () => false,
    getGasPrice: async () => 1_000_000_000n,
    getSenderInfo: async () => sender,
    claimableReserve: async () => 10n ** 17n,
    blockHashForRound: async (r: bigint) => `0x${r.toString(16).padStart(64, 'a')}` as Hex,
    redeemWinningTicket: async () => ({ txHash: '0x' }),
    batchRedeemWinningTickets: async () => ({ txHash: '0x' }),
  }
}

let dir: string
let store: SettlementStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-recv-'))
  store = SettlementStore.open({ dataDir: dir })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function setup(
  opts: {
    chain?: PaymentChain
    ticketEV?: bigint
    maxFaceValue?: bigint
    nonces?: number
    maxTickets?: number
  } = {},
) {
  const calls = { verifications: 0 }
  const chain = opts.chain ?? memoryChain()
  const chainState = new ChainState({ chain, recipient: ORCH.address })
  await chainState.handleBlock(100n)
  const secret = newRandSecret()
  const ledger = new BalanceLedger()
  const issuer = new TicketParamsIssuer({
    recipient: ORCH.address,
    secret,
    chainState,
    pricePolicy: new PricePolicy({ pricePerUnit: 10n, autoAdjustPrice: false }),
    redeemGas: 350_000n,
    ticketEV: opts.ticketEV ?? 10n ** 13n,
    ...(opts.maxFaceValue ? { maxFaceValue: opts.maxFaceValue } : {}),
  })
  const receiver = new TicketReceiver({
    recipient: ORCH.address,
    secret,
    chainState,
    store,
    ledger,
    nonces: new NonceTracker(opts.nonces ?? 600),
    ...(opts.maxTickets ? { maxTickets: opts.maxTickets } : {}),
    verifySignature: (ticket, sig, sender) => {
      calls.verifications++
      return verifyTicketSignature(ticket, sig, sender)
    },
  })
  return { chainState, issuer, receiver, ledger, calls }
}

async function pay(
  params: IssuedTicketParams,
  nonces: bigint[],
  over: { signer?: typeof GATEWAY; sender?: Address | null; mutate?: (p: Payment) => void } = {},
): Promise<Payment> {
  const sender = over.sender === undefined ? GATEWAY.address : over.sender
  const { expirationParams, price, ...ticketParams } = params
  const ticketSenderParams = []
  for (const n of nonces) {
    const t = ticketFromParams(params, (sender ?? GATEWAY.address) as Address, n)
    ticketSenderParams.push({ senderNonce: Number(n), sig: await signTicket(over.signer ?? GATEWAY, t) })
  }
  const p: Payment = {
    sender: sender ?? '0x',
    ticketParams,
    expirationParams,
    ticketSenderParams,
    expectedPrice: price,
  }
  over.mutate?.(p)
  return p
}

describe('TicketReceiver', () => {
  it('credits the EV of valid tickets and fixes the session price', async () => {
    const { issuer, receiver, ledger } = await setup()
    const params = await issuer.issue(GATEWAY.address)
    const res = await receiver.handlePayment('s1', await pay(params, [1n, 2n, 3n]))
    expect(res.error).toBeNull()
    expect(res.credited).toBe(3)
    const ev = (params.faceValue * params.winProb * 3n) / MAX_WIN_PROB
    expect(ledger.balance(GATEWAY.address, 's1').num / ledger.balance(GATEWAY.address, 's1').den).toBe(ev)
    expect(ledger.account(GATEWAY.address, 's1').price).toEqual(params.price)
  })

  it('stores winners before returning', async () => {
    // EV = faceValue: every ticket wins.
    const { issuer, receiver } = await setup({ ticketEV: 10n ** 15n, maxFaceValue: 10n ** 15n })
    const params = await issuer.issue(GATEWAY.address)
    expect(params.winProb).toBe(MAX_WIN_PROB)
    const res = await receiver.handlePayment('s1', await pay(params, [1n, 2n]))
    expect(res.winners).toBe(2)
    const queued = store.pendingTickets()
    expect(queued.map((t) => t.senderNonce)).toEqual([1n, 2n])
    expect(queued[0]).toMatchObject({
      sender: GATEWAY.address,
      paramsExpirationBlock: params.expirationBlock,
      sessionId: 's1',
    })
  })

  const fatal: Array<[string, (p: Payment) => void, string]> = [
    ['wrong recipient', (p) => (p.ticketParams!.recipient = OTHER.address), 'TICKET_RECIPIENT_INVALID'],
    ['rand mismatch (altered faceValue)', (p) => (p.ticketParams!.faceValue += 1n), 'TICKET_RAND_MISMATCH'],
    ['rand mismatch (altered seed)', (p) => (p.ticketParams!.seed = '0x01'), 'TICKET_RAND_MISMATCH'],
    ['missing price', (p) => delete p.expectedPrice, 'PAYMENT_PRICE_INVALID'],
    [
      'pixelsPerUnit 0',
      (p) => (p.expectedPrice = { pricePerUnit: 1n, pixelsPerUnit: 0n }),
      'PAYMENT_PRICE_INVALID',
    ],
    ['params without sender', (p) => (p.sender = '0x'), 'PAYMENT_SENDER_MISSING'],
    ['zero sender', (p) => (p.sender = `0x${'00'.repeat(20)}`), 'TICKET_SENDER_INVALID'],
  ]
  for (const [name, mutate, code] of fatal) {
    it(`rejects a payment with ${name} as fatal ${code}, crediting nothing`, async () => {
      const { issuer, receiver, ledger } = await setup()
      const params = await issuer.issue(GATEWAY.address)
      const res = await receiver.handlePayment('s1', await pay(params, [1n], { mutate }))
      expect(res.error?.code).toBe(code)
      expect(res.fatal).toBe(true)
      expect(ledger.balance(GATEWAY.address, 's1').num).toBe(0n)
    })
  }

  it('rejects a price other than the session price (PAYMENT_PRICE_MISMATCH)', async () => {
    const { issuer, receiver } = await setup()
    const first = await issuer.issue(GATEWAY.address)
    expect((await receiver.handlePayment('s1', await pay(first, [1n]))).error).toBeNull()
    // Valid params quoted at another price (e.g. after the node changed its price).
    const other = await issuer.issue(GATEWAY.address, { fixedPrice: { pricePerUnit: 5n, pixelsPerUnit: 1n } })
    const res = await receiver.handlePayment('s1', await pay(other, [1n]))
    expect(res.error?.code).toBe('PAYMENT_PRICE_MISMATCH')
    expect(res.fatal).toBe(true)
  })

  it('rejects the payment of an unlocking sender (TICKET_SENDER_UNLOCKING)', async () => {
    const chain = memoryChain({
      sender: {
        deposit: 10n ** 18n,
        withdrawRound: 8n,
        reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
      },
    })
    const ok = memoryChain()
    const { issuer } = await setup({ chain: ok })
    const params = await issuer.issue(GATEWAY.address)
    const { receiver } = await setup({ chain })
    const res = await receiver.handlePayment('s1', await pay(params, [1n]))
    expect(res.error?.code).toBe('TICKET_SENDER_UNLOCKING')
  })

  it('refuses payments while the node is inactive (PAYMENT_ORCH_INACTIVE)', async () => {
    const { issuer } = await setup()
    const params = await issuer.issue(GATEWAY.address)
    const { receiver } = await setup({ chain: memoryChain({ active: false }) })
    expect((await receiver.handlePayment('s1', await pay(params, [1n]))).error?.code).toBe(
      'PAYMENT_ORCH_INACTIVE',
    )
  })

  it('a bad signature is non-fatal and stops crediting later tickets of the payment', async () => {
    const { issuer, receiver } = await setup()
    const params = await issuer.issue(GATEWAY.address)
    const good = await pay(params, [1n, 3n])
    const bad = await pay(params, [2n], { signer: OTHER })
    const [first, third] = good.ticketSenderParams
    const payment = { ...good, ticketSenderParams: [first!, bad.ticketSenderParams[0]!, third!] }
    const res = await receiver.handlePayment('s1', payment)
    expect(res.error?.code).toBe('TICKET_SIG_INVALID')
    expect(res.fatal).toBe(false)
    expect(res.credited).toBe(1)
  })

  it('ends the payment at the first invalid signature: garbage costs one verification', async () => {
    const { issuer, receiver, calls } = await setup({ ticketEV: 10n ** 15n, maxFaceValue: 10n ** 15n })
    const params = await issuer.issue(GATEWAY.address)
    const good = await pay(params, [1n, 2n])
    const garbage = Array.from({ length: 500 }, (_, i) => ({
      senderNonce: 10 + i,
      sig: `0x${'11'.repeat(32)}${'22'.repeat(32)}1b` as Hex,
    }))
    // a valid winner after the garbage is neither verified nor queued
    const after = (await pay(params, [600n])).ticketSenderParams
    const payment = { ...good, ticketSenderParams: [...good.ticketSenderParams, ...garbage, ...after] }
    const res = await receiver.handlePayment('s1', payment)
    expect(res).toMatchObject({ fatal: false, credited: 2, winners: 2, verified: 2 })
    expect(res.error?.code).toBe('TICKET_SIG_INVALID')
    expect(calls.verifications).toBe(3)
    expect(store.pendingCount()).toBe(2)
  })

  it('refuses more tickets than the cap before verifying any (PAYMENT_TOO_MANY_TICKETS)', async () => {
    const { issuer, receiver, calls, ledger } = await setup({ maxTickets: 4 })
    const params = await issuer.issue(GATEWAY.address)
    const res = await receiver.handlePayment('s1', await pay(params, [1n, 2n, 3n, 4n, 5n]))
    expect(res).toMatchObject({ fatal: true, credited: 0, verified: 0 })
    expect(res.error?.code).toBe('PAYMENT_TOO_MANY_TICKETS')
    expect(calls.verifications).toBe(0)
    expect(ledger.account(GATEWAY.address, 's1').price).toBeUndefined()
    const ok = await receiver.handlePayment('s1', await pay(params, [1n, 2n, 3n, 4n]))
    expect(ok).toMatchObject({ error: null, credited: 4 })
  })

  it('a replayed nonce is non-fatal TICKET_NONCE_REPLAYED', async () => {
    const { issuer, receiver } = await setup()
    const params = await issuer.issue(GATEWAY.address)
    await receiver.handlePayment('s1', await pay(params, [1n]))
    const res = await receiver.handlePayment('s1', await pay(params, [1n]))
    expect(res).toMatchObject({ fatal: false, credited: 0 })
    expect(res.error?.code).toBe('TICKET_NONCE_REPLAYED')
  })

  it('caps nonces per params set (TICKET_NONCE_LIMIT)', async () => {
    const { issuer, receiver } = await setup({ nonces: 3 })
    const params = await issuer.issue(GATEWAY.address)
    const res = await receiver.handlePayment('s1', await pay(params, [1n, 2n, 3n, 4n]))
    expect(res.credited).toBe(3)
    expect(res.error?.code).toBe('TICKET_NONCE_LIMIT')
  })

  it('expired params are non-fatal TICKET_PARAMS_EXPIRED and a winner is still queued', async () => {
    const { issuer, receiver, chainState } = await setup({ ticketEV: 10n ** 15n, maxFaceValue: 10n ** 15n })
    const params = await issuer.issue(GATEWAY.address)
    await chainState.handleBlock(params.expirationBlock)
    const res = await receiver.handlePayment('s1', await pay(params, [1n]))
    expect(res.error?.code).toBe('TICKET_PARAMS_EXPIRED')
    expect(res).toMatchObject({ fatal: false, credited: 0, winners: 1 })
    expect(store.pendingCount()).toBe(1)
  })

  it('answers TICKET_PARAMS_UNAVAILABLE while the chain view is not loaded', async () => {
    const { issuer } = await setup()
    const params = await issuer.issue(GATEWAY.address)
    const chainState = new ChainState({ chain: memoryChain(), recipient: ORCH.address })
    const receiver = new TicketReceiver({
      recipient: ORCH.address,
      secret: newRandSecret(),
      chainState,
      store,
      ledger: new BalanceLedger(),
    })
    const res = await receiver.handlePayment('s1', await pay(params, [1n]))
    expect(res).toMatchObject({ fatal: true, error: { code: 'TICKET_PARAMS_UNAVAILABLE' } })
  })

  it('accepts a payment without ticket params and credits nothing', async () => {
    const { receiver } = await setup()
    const res = await receiver.handlePayment('s1', { sender: GATEWAY.address, ticketSenderParams: [] })
    expect(res).toMatchObject({ error: null, credited: 0, price: null })
  })
})

describe('NonceTracker', () => {
  it('forgets a params set once its expiration block is reached', () => {
    const n = new NonceTracker(600)
    expect(n.use('0xaa', 1n, 140n)).toBe('ok')
    n.handleBlock(139n)
    expect(n.use('0xaa', 1n, 140n)).toBe('replayed')
    n.handleBlock(140n)
    expect(n.size).toBe(0)
  })
})
