import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  decodePaymentChannelEvent,
  type Payment,
  paymentToHeader,
  signTicket,
  ticketFromParams,
  toBase64,
} from '@prism/protocol'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettlementStore } from '../settlement/store.ts'
import type { PaymentChain } from './paymentChain.ts'
import { PaymentManager, type PaymentSessionHandle } from './paymentManager.ts'
import { PricePolicy } from './pricePolicy.ts'
import type { IssuedTicketParams } from './ticketParamsIssuer.ts'

const ORCH = privateKeyToAccount(`0x${'01'.repeat(32)}`)
const GW = privateKeyToAccount(`0x${'02'.repeat(32)}`)
const OTHER = privateKeyToAccount(`0x${'03'.repeat(32)}`)

function memoryChain(): PaymentChain & { block: bigint } {
  const c = {
    block: 100n,
    getBlockNumber: async () => c.block,
    getLastInitializedRound: async () => 7n,
    isActiveTranscoder: async () => true,
    isUsedTicket: async () => false,
    getGasPrice: async () => 1_000_000_000n,
    getSenderInfo: async () => ({
      deposit: 10n ** 18n,
      withdrawRound: 0n,
      reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
    }),
    claimableReserve: async () => 10n ** 18n,
    blockHashForRound: async () => `0x${'ab'.repeat(32)}` as Hex,
    redeemWinningTicket: async () => ({ txHash: '0x' as Hex }),
    batchRedeemWinningTickets: async () => ({ txHash: '0x' as Hex }),
  }
  return c
}

/** Records what the manager does to a session. */
class RecordingSession implements PaymentSessionHandle {
  readonly id = 'sess1'
  sender: string | undefined
  constructor(
    bound?: string,
    readonly remoteAddress?: string,
  ) {
    this.sender = bound
  }
  readonly expectedPixelsPerSecond = 1000
  events: Array<Record<string, unknown>> = []
  paused: boolean[] = []
  closedWith: string | null = null
  setSender(a: string) {
    this.sender = a
  }
  sendPaymentEvent(e: Record<string, unknown> | Uint8Array) {
    if (e instanceof Uint8Array) return
    // Every node → gateway event must match the protocol's schema (what gateways decode).
    decodePaymentChannelEvent(JSON.parse(JSON.stringify(e)))
    this.events.push(e)
  }
  setOutputPaused(p: boolean) {
    this.paused.push(p)
  }
  close(reason?: string) {
    this.closedWith = reason ?? 'closed'
  }
  types() {
    return this.events.map((e) => e.type)
  }
}

let dir: string
let store: SettlementStore
let now = 0
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-pm-'))
  store = SettlementStore.open({ dataDir: dir })
  now = 0
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function setup(over: Partial<ConstructorParameters<typeof PaymentManager>[0]> = {}) {
  const chain = memoryChain()
  const pm = new PaymentManager({
    recipient: ORCH.address,
    chain,
    store,
    // 1 wei per pixel; 1000 px/s expected; 10 s prepay = 10000 wei.
    pricePolicy: new PricePolicy({ pricePerUnit: 1n, autoAdjustPrice: false }),
    ticketEV: 5000n,
    maxFaceValue: 10n ** 16n,
    redeemGas: 350_000n,
    prepaySeconds: 10,
    graceSeconds: 2,
    closeAfterSeconds: 5,
    clock: { now: () => now },
    ...over,
  })
  await pm.chainState.handleBlock(100n)
  return { pm, chain }
}

async function paymentMessage(
  params: IssuedTicketParams,
  nonces: number[],
  seq = 1,
  who: { signer?: typeof GW; garbage?: boolean } = {},
): Promise<string> {
  const signer = who.signer ?? GW
  const tickets = []
  for (const n of nonces) {
    const sig = who.garbage
      ? (`0x${'11'.repeat(32)}${'22'.repeat(32)}1b` as Hex)
      : await signTicket(signer, ticketFromParams(params, signer.address, BigInt(n)))
    tickets.push({ senderNonce: n, sig })
  }
  const { expirationParams, price, ...ticketParams } = params
  const payment: Payment = {
    sender: signer.address,
    ticketParams,
    expirationParams,
    ticketSenderParams: tickets,
    expectedPrice: price,
  }
  return JSON.stringify({ v: 1, type: 'payment', seq, payment: paymentToHeader(payment) })
}

describe('PaymentManager', () => {
  it('gates output until prepaid, then acks, reports balance and unpauses', async () => {
    const { pm } = await setup()
    const s = new RecordingSession()
    pm.handleSessionStart(s)
    expect(s.paused).toEqual([true])
    const params = await pm.ticketParamsFor(GW.address)
    // EV per ticket = 5000 wei (rounded up): one ticket is not 10 s of output, two are.
    await pm.handlePaymentMessage(s, await paymentMessage(params, [1], 1))
    expect(s.paused).toEqual([true])
    await pm.handlePaymentMessage(s, await paymentMessage(params, [2], 2))
    expect(s.paused).toEqual([true, false])
    expect(s.sender?.toLowerCase()).toBe(GW.address.toLowerCase())
    expect(s.types()).toEqual(['paymentAck', 'balance', 'paymentAck', 'balance'])
    expect(s.events[2]).toMatchObject({ seq: 2, accepted: 1 })
    expect(BigInt(s.events[3]!.balance as string) >= 10_000n).toBe(true)
  })

  it('answers malformed protobuf with paymentError and keeps the session', async () => {
    const { pm } = await setup()
    const s = new RecordingSession()
    pm.handleSessionStart(s)
    const junk = toBase64(new Uint8Array([0x0a, 0xff, 0xff, 0xff]))
    await pm.handlePaymentMessage(s, JSON.stringify({ v: 1, type: 'payment', seq: 9, payment: junk }))
    expect(s.events).toEqual([
      expect.objectContaining({ type: 'paymentError', seq: 9, code: 'PAYMENT_DECODE_FAILED' }),
    ])
    expect(s.closedWith).toBeNull()
    // A good payment still works afterwards.
    const params = await pm.ticketParamsFor(GW.address)
    await pm.handlePaymentMessage(s, await paymentMessage(params, [1, 2], 10))
    expect(s.types()).toContain('paymentAck')
  })

  it('pauses a session that stops paying, tells the gateway why, then closes it', async () => {
    const { pm } = await setup()
    const s = new RecordingSession()
    pm.handleSessionStart(s)
    const params = await pm.ticketParamsFor(GW.address)
    await pm.handlePaymentMessage(s, await paymentMessage(params, [1, 2]))
    pm.handleOutputPixels(s, 30_000)
    now += 2_000
    pm.handleTick()
    expect(s.paused.at(-1)).toBe(true)
    expect(s.events.find((e) => e.type === 'paused')?.reason).toMatch(/PAYMENT_BALANCE_INSUFFICIENT/)
    now += 5_000
    pm.handleTick()
    expect(s.types()).toContain('closing')
    expect(s.closedWith).toBe('payment: PAYMENT_BALANCE_INSUFFICIENT')
  })

  it('sends fresh ticket params at the session price before the current ones expire', async () => {
    const { pm, chain } = await setup()
    const s = new RecordingSession()
    pm.handleSessionStart(s)
    const params = await pm.ticketParamsFor(GW.address)
    await pm.handlePaymentMessage(s, await paymentMessage(params, [1, 2]))
    chain.block = params.expirationBlock - 20n
    await pm.handleBlock(chain.block)
    expect(s.types()).not.toContain('ticketParams')
    chain.block = params.expirationBlock - 10n
    await pm.handleBlock(chain.block)
    const fresh = s.events.find((e) => e.type === 'ticketParams') as {
      ticketParams: { expirationBlock: string }
      price: unknown
    }
    expect(BigInt(fresh.ticketParams.expirationBlock)).toBe(chain.block + 40n)
    expect(fresh.price).toEqual({ pricePerUnit: '1', pixelsPerUnit: '1' })
  })

  it('takes the same bytes over HTTP for a session', async () => {
    const { pm } = await setup()
    const params = await pm.ticketParamsFor(GW.address)
    const header = JSON.parse(await paymentMessage(params, [1])).payment as string
    const res = await pm.handleHttpPayment(header, 'manifest-1')
    expect(res.result.credited).toBe(1)
    expect(BigInt(res.balance) >= 5000n).toBe(true)
    await expect(pm.handleHttpPayment(header, 'manifest-1')).rejects.toMatchObject({
      code: 'TICKET_NONCE_REPLAYED',
    })
    await expect(pm.handleHttpPayment('!!!', 'manifest-1')).rejects.toMatchObject({
      code: 'PAYMENT_DECODE_FAILED',
    })
  })

  it('refuses payments from any sender but the one the session is bound to', async () => {
    const { pm } = await setup()
    const s = new RecordingSession(GW.address)
    pm.handleSessionStart(s)
    const foreign = await pm.ticketParamsFor(OTHER.address)
    await pm.handlePaymentMessage(s, await paymentMessage(foreign, [1, 2, 3], 1, { signer: OTHER }))
    expect(s.events).toEqual([
      expect.objectContaining({ type: 'paymentError', seq: 1, code: 'PAYMENT_SENDER_MISMATCH' }),
    ])
    const header = JSON.parse(await paymentMessage(foreign, [4], 2, { signer: OTHER })).payment as string
    await expect(pm.handleHttpPayment(header, s.id)).rejects.toMatchObject({
      code: 'PAYMENT_SENDER_MISMATCH',
      httpStatus: 403,
    })
    expect(s.paused).toEqual([true])
    expect(pm.ledger.balance(OTHER.address, s.id).num).toBe(0n)
    // The owner's payments credit the session's balance and open the gate.
    const own = await pm.ticketParamsFor(GW.address)
    await pm.handlePaymentMessage(s, await paymentMessage(own, [1, 2], 3))
    expect(s.paused).toEqual([true, false])
    expect(pm.sessions()[0]).toMatchObject({ sender: GW.address, state: 'running' })
  })

  it('rate-limits failed payments per address, refilled with time', async () => {
    const { pm } = await setup({ failedPaymentBurst: 2, failedPaymentsPerSecond: 1 })
    const s = new RecordingSession(undefined, '10.0.0.9')
    pm.handleSessionStart(s)
    const bad = toBase64(new Uint8Array([0x0a, 0xff, 0xff, 0xff]))
    const junk = JSON.stringify({ v: 1, type: 'payment', seq: 1, payment: bad })
    for (let i = 0; i < 3; i++) await pm.handlePaymentMessage(s, junk)
    expect(s.events.map((e) => e.code)).toEqual([
      'PAYMENT_DECODE_FAILED',
      'PAYMENT_DECODE_FAILED',
      'PAYMENT_RATE_LIMITED',
    ])
    // the same address over HTTP is limited too; another address is not
    await expect(pm.handleHttpPayment(bad, 'm1', { remoteAddress: '10.0.0.9' })).rejects.toMatchObject({
      code: 'PAYMENT_RATE_LIMITED',
      httpStatus: 429,
    })
    const params = await pm.ticketParamsFor(GW.address)
    const good = JSON.parse(await paymentMessage(params, [1])).payment as string
    expect((await pm.handleHttpPayment(good, 'm1', { remoteAddress: '10.0.0.10' })).result.credited).toBe(1)
    now += 1000
    await pm.handlePaymentMessage(s, await paymentMessage(params, [2], 7))
    expect(s.events.at(-2)).toMatchObject({ type: 'paymentAck', seq: 7, accepted: 1 })
  })

  it('limits a sender only for failures it proved it sent, never for garbage in its name', async () => {
    const { pm } = await setup({ failedPaymentBurst: 2, failedPaymentsPerSecond: 0.001 })
    const params = await pm.ticketParamsFor(GW.address)
    const garbage = JSON.parse(await paymentMessage(params, [1], 1, { garbage: true })).payment as string
    for (const addr of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])
      await expect(pm.handleHttpPayment(garbage, 'm1', { remoteAddress: addr })).rejects.toMatchObject({
        code: 'TICKET_SIG_INVALID',
      })
    const first = JSON.parse(await paymentMessage(params, [1])).payment as string
    expect((await pm.handleHttpPayment(first, 'm1', { remoteAddress: '10.0.0.5' })).result.credited).toBe(1)
    // Replays are signed by the sender: they count against it from every address.
    for (const addr of ['10.0.0.6', '10.0.0.7'])
      await expect(pm.handleHttpPayment(first, 'm1', { remoteAddress: addr })).rejects.toMatchObject({
        code: 'TICKET_NONCE_REPLAYED',
      })
    const next = JSON.parse(await paymentMessage(params, [2])).payment as string
    await expect(pm.handleHttpPayment(next, 'm1', { remoteAddress: '10.0.0.8' })).rejects.toMatchObject({
      code: 'PAYMENT_RATE_LIMITED',
    })
  })
})
