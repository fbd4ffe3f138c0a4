import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import { PriceDoubledError } from '../errors/pricing.ts'
import { SenderReserveMissingError, TicketParamsMissingError } from '../errors/ticket.ts'
import { rational, ratMul } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import { ticketsNeeded } from '../pricing/ticketsNeeded.ts'
import { recipientRandHash } from '../ticket/recipientRandHash.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import { isPaymentRefusal, OrchestratorPayer } from './OrchestratorPayer.ts'
import type { OrchestratorPayerOptions } from './OrchestratorPayerTypes.ts'
import { paymentFromHeader } from './paymentHeader.ts'
import type { PriceJson } from './price.ts'
import type { SenderInfo } from './SenderInfo.ts'
import type { TicketParamsJson } from './ticketParams.ts'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const RECIPIENT = '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F'
const BLOCK_HASH = '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d'
const FACE = 1_200_000_000_000_000n
const WIN = 771947261582107969490473233391252719021799897770937093596383896000000000n
const EV = ticketEV(FACE, WIN)
const PRICE: PriceJson = { pricePerUnit: '1200', pixelsPerUnit: '1' }

function params(rand: bigint, expirationBlock = 140n): TicketParamsJson {
  return {
    recipient: RECIPIENT,
    faceValue: FACE.toString(),
    winProb: WIN.toString(),
    recipientRandHash: recipientRandHash(rand),
    seed: '0x0102',
    expirationBlock: expirationBlock.toString(),
    expirationParams: { creationRound: '3000', creationRoundBlockHash: BLOCK_HASH },
  }
}

function info(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  return {
    version: 1,
    address: RECIPIENT,
    serviceURI: 'https://127.0.0.1:8935',
    nodeVersion: 'test',
    price: PRICE,
    ticketParams: params(10n),
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [],
    models: [],
    capacity: { maxSessions: 1, sessions: 0 },
    encoder: 'libx264',
    ...over,
  }
}

/** {@link info} without ticket params. */
function infoWithoutParams(over: Partial<OrchestratorInfo> = {}): OrchestratorInfo {
  const { ticketParams: _, ...rest } = info(over)
  return rest
}

/** A payer over an orchestrator whose /info answers come from `infos` (the last one repeats). */
function payerFor(infos: OrchestratorInfo[], over: Partial<OrchestratorPayerOptions> = {}) {
  const chain = { block: 100n, fetches: 0 }
  const payer = new OrchestratorPayer({
    fetchInfo: async () => infos[Math.min(chain.fetches++, infos.length - 1)]!,
    signer: account,
    readChain: async () => ({ block: chain.block, lastInitializedRound: 3000n }),
    pixelsPerSecond: 1_000_000,
    ...over,
  })
  return { payer, chain }
}

describe('OrchestratorPayer', () => {
  it('prepays prepaySeconds of output at the quoted price, with signed tickets and rising seq', async () => {
    const { payer } = payerFor([info()], { prepaySeconds: 60 })
    const first = await payer.prepay()
    const fee = rational(1_000_000n * 60n * 1200n)
    expect(first?.tickets).toBe(ticketsNeeded(fee, EV, rational(0n)))
    expect(first?.tickets).toBeGreaterThan(1)
    expect(first?.message).toEqual({ v: 1, type: 'payment', seq: 1, payment: first?.header })
    const decoded = paymentFromHeader(first!.header)
    expect(decoded.ticketSenderParams.map((t) => t.senderNonce)).toEqual(first!.nonces)
    expect(decoded.expectedPrice).toEqual({ pricePerUnit: 1200n, pixelsPerUnit: 1n })
    // The fee is spent: a 1 wei fee needs one more ticket beyond the leftover credit.
    const second = await payer.pay(rational(1n))
    expect(second).toMatchObject({ seq: 2, tickets: 1, nonces: [first!.tickets + 1] })
  })

  it('pays a fee computed from the session price, and pays the price a priceFor picks', async () => {
    const aiPrice = { pricePerUnit: '3', pixelsPerUnit: '2' }
    const { payer } = payerFor([info({ pipelines: [{ kind: 'ai', price: aiPrice }] })], {
      priceFor: (i) => i.pipelines.find((p) => p.kind === 'ai')?.price,
    })
    let seen: unknown
    const p = await payer.pay((price) => {
      seen = price
      return ratMul(price, rational(10n ** 12n))
    })
    expect(seen).toEqual(rational(3n, 2n))
    expect(paymentFromHeader(p!.header).expectedPrice).toEqual({ pricePerUnit: 3n, pixelsPerUnit: 2n })
  })

  it('opens once for concurrent payments', async () => {
    const { payer, chain } = payerFor([info()])
    await Promise.all([payer.pay(rational(1n)), payer.pay(rational(1n)), payer.open()])
    expect(chain.fetches).toBe(1)
  })

  it('has nothing to pay to a free orchestrator', async () => {
    const { payer } = payerFor([infoWithoutParams({ price: { pricePerUnit: '0', pixelsPerUnit: '1' } })])
    expect(await payer.prepay()).toBeUndefined()
    expect(payer.free).toBe(true)
    expect(payer.session).toBeUndefined()
  })

  it('refuses a priced orchestrator without params, and its own empty reserve', async () => {
    await expect(payerFor([infoWithoutParams()]).payer.prepay()).rejects.toThrow(TicketParamsMissingError)
    const broke: SenderInfo = {
      deposit: 10n ** 18n,
      withdrawRound: 0n,
      reserve: { fundsRemaining: 0n, claimedInCurrentRound: 0n },
    }
    await expect(payerFor([info()], { senderInfo: () => broke }).payer.open()).rejects.toThrow(
      SenderReserveMissingError,
    )
  })

  it('tops up only when the node balance covers fewer than lowWaterSeconds of output', async () => {
    const { payer } = payerFor([info()], { prepaySeconds: 60, lowWaterSeconds: 20 })
    expect(await payer.topUp()).toBeUndefined()
    await payer.prepay()
    const balance = (seconds: bigint) =>
      payer.handleEvent({
        v: 1,
        type: 'balance',
        balance: (1_000_000n * seconds * 1200n).toString(),
        credited: '0',
        debited: '0',
        pricePerUnit: '1200',
        pixelsPerUnit: '1',
      })
    balance(30n)
    expect(await payer.topUp()).toBeUndefined()
    balance(10n)
    const top = await payer.topUp()
    expect(top?.tickets).toBe(
      ticketsNeeded(rational(1_000_000n * 60n * 1200n), EV, rational(1_000_000n * 10n * 1200n)),
    )
    expect(top?.tickets).toBeGreaterThan(0)
  })

  it('fetches fresh params before the current ones expire, starting a new nonce sequence', async () => {
    const { payer, chain } = payerFor([info(), info({ ticketParams: params(11n, 200n) })])
    await payer.pay(rational(1n))
    expect(payer.session!.nonce).toBe(1)
    chain.block = 139n
    const p = await payer.pay(rational(1n))
    expect(chain.fetches).toBe(2)
    expect(p?.recipientRandHash).toBe(recipientRandHash(11n))
    expect(p?.nonces).toEqual([1])
  })

  it('takes new params and price from the node, and refuses a price more than doubled', async () => {
    const { payer } = payerFor([info()])
    await payer.prepay()
    payer.handleEvent({ v: 1, type: 'ticketParams', ticketParams: params(12n), price: PRICE })
    expect(payer.session!.ticketParams.recipientRandHash).toBe(recipientRandHash(12n))
    expect(payer.session!.nonce).toBe(0)
    const jump = {
      v: 1,
      type: 'ticketParams',
      ticketParams: params(13n),
      price: { pricePerUnit: '2401', pixelsPerUnit: '1' },
    } as const
    let refusal: unknown
    try {
      payer.handleEvent(jump)
    } catch (err) {
      refusal = err
    }
    expect(refusal).toBeInstanceOf(PriceDoubledError)
    expect(isPaymentRefusal(refusal)).toBe(true)
    await expect(payer.prepay()).rejects.toThrow(PriceDoubledError)
  })

  it('refuses a doubled price found on refresh', async () => {
    const doubled = info({
      price: { pricePerUnit: '2401', pixelsPerUnit: '1' },
      ticketParams: params(14n, 300n),
    })
    const { payer } = payerFor([info(), doubled])
    await payer.prepay()
    await expect(payer.refreshParams()).rejects.toThrow(PriceDoubledError)
  })
})

describe('isPaymentRefusal', () => {
  it('is true for the ticket, price and sender codes only', () => {
    expect(isPaymentRefusal(new PriceDoubledError('3', '1'))).toBe(true)
    expect(isPaymentRefusal(new TicketParamsMissingError())).toBe(true)
    expect(isPaymentRefusal(new SenderReserveMissingError())).toBe(true)
    expect(isPaymentRefusal(new PaymentDecodeFailedError('bad'))).toBe(false)
    expect(isPaymentRefusal(new Error('fetch failed'))).toBe(false)
    expect(isPaymentRefusal(undefined)).toBe(false)
  })
})
