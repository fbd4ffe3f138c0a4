import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { PriceDoubledError } from '../errors/pricing.ts'
import {
  SenderDepositMissingError,
  SenderReserveMissingError,
  TicketEvTooHighError,
  TicketExpirationInvalidError,
  TicketFaceValueTooHighError,
  TicketFaceValueTooLowError,
  TicketNonceLimitError,
  TicketParamsExpiredError,
  TicketParamsMissingError,
  TicketRecipientInvalidError,
  TicketSenderUnlockingError,
  TicketTotalEvTooHighError,
} from '../errors/ticket.ts'
import { ratCompare, rational, ratMul, ratSub } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import { estimateFee } from '../pricing/estimateFee.ts'
import { recipientRandHash } from '../ticket/recipientRandHash.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import { verifyTicketSignature } from '../ticket/verifyTicketSignature.ts'
import { PaymentSession } from './PaymentSession.ts'
import type { PaymentSessionOptions } from './PaymentSessionTypes.ts'
import { paymentFromHeader } from './paymentHeader.ts'
import type { TicketParamsJson } from './ticketParams.ts'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const RECIPIENT = '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F'
const BLOCK_HASH = '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d'
const FACE = 1_200_000_000_000_000n
const WIN = 771947261582107969490473233391252719021799897770937093596383896000000000n

function params(over: Partial<TicketParamsJson> = {}, rand = 10n): TicketParamsJson {
  return {
    recipient: RECIPIENT,
    faceValue: FACE.toString(),
    winProb: WIN.toString(),
    recipientRandHash: recipientRandHash(rand),
    seed: '0x0102',
    expirationBlock: '140',
    expirationParams: { creationRound: '3000', creationRoundBlockHash: BLOCK_HASH },
    ...over,
  }
}

function info(tp: TicketParamsJson | null = params()): OrchestratorInfo {
  return {
    version: 1,
    address: RECIPIENT,
    serviceURI: 'https://127.0.0.1:8935',
    nodeVersion: 'test',
    price: { pricePerUnit: '1200', pixelsPerUnit: '1' },
    ...(tp ? { ticketParams: tp } : {}),
    capabilities: [],
    capabilityBitstring: [],
    pipelines: [],
    models: [],
    capacity: { maxSessions: 1, sessions: 0 },
    encoder: 'libx264',
  }
}

let block = 100n
function session(over: Partial<PaymentSessionOptions> = {}): PaymentSession {
  block = 100n
  return new PaymentSession({ info: info(), signer: account, currentBlock: () => block, ...over })
}

const FEE4 = estimateFee(['P240p30fps16x9', 'P360p30fps16x9'], 2, rational(1200n))

describe('PaymentSession', () => {
  it('pays vector 4 with 4 signed tickets, nonces 1..4, go-livepeer payment layout', async () => {
    const s = session()
    const out = await s.createPayment(FEE4)
    expect(out.tickets).toBe(4)
    expect(out.nonces).toEqual([1, 2, 3, 4])
    expect(out.ev).toEqual(ticketEV(FACE, WIN))
    expect(out.credit).toEqual(ratSub(ratMul(out.ev, rational(4n)), FEE4))
    const p = paymentFromHeader(out.header)
    expect(p).toEqual(out.payment)
    expect(p.ticketParams?.expirationParams).toBeUndefined()
    expect(p.expirationParams).toEqual({ creationRound: 3000n, creationRoundBlockHash: BLOCK_HASH })
    expect(p.ticketParams?.seed).toBe('0x0102')
    expect(p.expectedPrice).toEqual({ pricePerUnit: 1200n, pixelsPerUnit: 1n })
    for (const t of p.ticketSenderParams) {
      const ticket = {
        recipient: RECIPIENT,
        sender: account.address,
        faceValue: FACE,
        winProb: WIN,
        senderNonce: BigInt(t.senderNonce),
        recipientRandHash: recipientRandHash(10n),
        creationRound: 3000n,
        creationRoundBlockHash: BLOCK_HASH,
      } as const
      expect(verifyTicketSignature(ticket, t.sig, account.address)).toBe(true)
    }
  })

  it('uses its credit: no tickets while it covers max(fee, ev), nonces keep rising', async () => {
    const s = session()
    await s.createPayment(FEE4)
    // credit 4 EV − fee ≈ 7.57e9 < one EV: even a tiny fee tops up with one ticket (minCredit = max(fee, ev))
    expect((await s.createPayment(rational(1_000n))).tickets).toBe(1)
    s.handleBalance('100000000000')
    const covered = await s.createPayment(rational(1_000n))
    expect(covered.tickets).toBe(0)
    expect(covered.payment.ticketParams).toBeUndefined()
    expect(covered.payment.sender).toBe(account.address.toLowerCase())
    expect(covered.payment.expectedPrice).toBeDefined()
    s.handleBalance(0n)
    expect((await s.createPayment(FEE4)).nonces[0]).toBe(6)
  })

  it('handleBalance replaces the credit (negative balances need more tickets)', async () => {
    const s = session()
    s.handleBalance('-16000000000.5')
    expect(s.credit).toEqual(rational(-32000000001n, 2n))
    // (ev + 16000000000.5) / ev is just above 3 because ev ≈ 8e9: 4 tickets
    expect((await s.createPayment(rational(0n))).tickets).toBe(4)
    s.handleBalance('-16000000000')
    expect((await s.createPayment(rational(0n))).tickets).toBe(3)
    s.handleBalance(100_000_000_000n)
    expect((await s.createPayment(FEE4)).tickets).toBe(0)
  })

  it('new params restart nonces at 1; same recipientRandHash keeps the sequence', async () => {
    const s = session()
    await s.createPayment(FEE4)
    s.handleTicketParams(params({ expirationBlock: '150' }))
    expect((await s.createPayment(FEE4)).nonces[0]).toBe(5)
    s.handleTicketParams(params({}, 11n), { pricePerUnit: '1300', pixelsPerUnit: '1' })
    const out = await s.createPayment(FEE4)
    expect(out.nonces[0]).toBe(1)
    expect(out.recipientRandHash).toBe(recipientRandHash(11n))
    expect(out.payment.expectedPrice?.pricePerUnit).toBe(1300n)
  })

  it('refuses more than 600 tickets per params set', async () => {
    const s = session({ maxTotalEV: 10n ** 30n })
    const ev = s.ev
    await s.createPayment(ratMul(ev, rational(600n)))
    expect(s.nonce).toBe(600)
    expect(s.needsRefresh()).toBe(true)
    await expect(s.createPayment(ratMul(ev, rational(1000n)))).rejects.toThrow(TicketNonceLimitError)
  })

  it('refuses a payment above max total EV', async () => {
    const s = session({ maxTotalEV: 20_000_000_000n })
    await expect(s.createPayment(FEE4)).rejects.toThrow(TicketTotalEvTooHighError)
    expect(s.nonce).toBe(0)
  })

  it('refuses when the price more than doubled', async () => {
    const s = session()
    s.handleTicketParams(params(), { pricePerUnit: '2400', pixelsPerUnit: '1' })
    await s.createPayment(FEE4)
    s.handleTicketParams(params(), { pricePerUnit: '2401', pixelsPerUnit: '1' })
    await expect(s.createPayment(FEE4)).rejects.toThrow(PriceDoubledError)
  })

  it('expires params within the buffer', async () => {
    const s = session()
    block = 138n
    await expect(s.createPayment(FEE4)).resolves.toBeDefined()
    block = 139n
    expect(s.needsRefresh()).toBe(true)
    await expect(s.createPayment(FEE4)).rejects.toThrow(TicketParamsExpiredError)
  })

  it('validates params as docs/protocol.md §3', () => {
    const base = { signer: account, currentBlock: () => 100n }
    expect(() => new PaymentSession({ ...base, info: info(null) })).toThrow(TicketParamsMissingError)
    expect(() => new PaymentSession({ ...base, info: info(params({ expirationBlock: '0' })) })).toThrow(
      TicketExpirationInvalidError,
    )
    expect(() => new PaymentSession({ ...base, info: info(params({ expirationBlock: '101' })) })).toThrow(
      TicketParamsExpiredError,
    )
    const maxWin = ((1n << 256n) - 1n).toString()
    expect(
      () => new PaymentSession({ ...base, info: info(params({ winProb: maxWin, faceValue: '1000' })) }),
    ).toThrow(TicketFaceValueTooLowError)
    expect(() => new PaymentSession({ ...base, maxTicketEV: 7_999_999_999n, info: info() })).toThrow(
      TicketEvTooHighError,
    )
    const ok = {
      deposit: FACE,
      reserve: { fundsRemaining: 1n, claimedInCurrentRound: 0n },
      withdrawRound: 0n,
    }
    expect(() => new PaymentSession({ ...base, info: info(), senderInfo: ok })).not.toThrow()
    expect(
      () =>
        new PaymentSession({
          ...base,
          info: info(),
          senderInfo: { ...ok, reserve: { fundsRemaining: 0n, claimedInCurrentRound: 1n } },
        }),
    ).toThrow(SenderReserveMissingError)
    expect(() => new PaymentSession({ ...base, info: info(), senderInfo: { ...ok, deposit: 0n } })).toThrow(
      SenderDepositMissingError,
    )
    expect(
      () => new PaymentSession({ ...base, info: info(), senderInfo: ok, depositMultiplier: 2n }),
    ).toThrow(TicketFaceValueTooHighError)
    expect(
      () =>
        new PaymentSession({
          ...base,
          info: info(),
          senderInfo: { ...ok, withdrawRound: 11n },
          lastInitializedRound: () => 10n,
        }),
    ).toThrow(TicketSenderUnlockingError)
    expect(
      () =>
        new PaymentSession({
          ...base,
          info: info(),
          senderInfo: { ...ok, withdrawRound: 12n },
          lastInitializedRound: () => 10n,
        }),
    ).not.toThrow()
  })

  it('rejects new params for another recipient', () => {
    const s = session()
    expect(() => s.handleTicketParams(params({ recipient: account.address }))).toThrow(
      TicketRecipientInvalidError,
    )
  })

  it('substitutes the gateway expiration params when the orchestrator sends a zero round or hash', async () => {
    const fallback = { creationRound: 7n, creationRoundBlockHash: `0x${'33'.repeat(32)}` as const }
    const s = new PaymentSession({
      info: info(
        params({ expirationParams: { creationRound: '0', creationRoundBlockHash: `0x${'00'.repeat(32)}` } }),
      ),
      signer: account,
      currentBlock: () => 100n,
      fallbackExpirationParams: () => fallback,
    })
    expect((await s.createPayment(FEE4)).payment.expirationParams).toEqual(fallback)
  })

  it('sends no tickets for free params or a zero price', async () => {
    const s = session({ price: { pricePerUnit: '0', pixelsPerUnit: '1' } })
    const out = await s.createPayment(FEE4)
    expect(out.tickets).toBe(0)
    expect(ratCompare(out.credit, rational(0n))).toBe(0)
  })

  it('hands out distinct nonces to concurrent payments', async () => {
    const s = session()
    const [a, b] = await Promise.all([s.createPayment(FEE4), s.createPayment(FEE4)])
    expect(new Set([...a.nonces, ...b.nonces]).size).toBe(a.nonces.length + b.nonces.length)
  })
})
