import { recipientRandHash, type SenderInfo } from '@prism/protocol'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { ChainState } from './chainState.ts'
import type { PaymentChain } from './paymentChain.ts'
import { PricePolicy } from './pricePolicy.ts'
import { deriveRecipientRand, newRandSecret } from './recipientRand.ts'
import { TicketParamsIssuer } from './ticketParamsIssuer.ts'

const ORCH = privateKeyToAccount(`0x${'01'.repeat(32)}`).address
const GW = privateKeyToAccount(`0x${'02'.repeat(32)}`).address
const ZERO = `0x${'00'.repeat(32)}` as Hex

function chainWith(o: {
  gasPrice?: bigint
  sender?: Partial<SenderInfo>
  reserve?: bigint
  hashes?: Record<string, Hex>
}) {
  const sender: SenderInfo = {
    deposit: 10n ** 18n,
    withdrawRound: 0n,
    reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n },
    ...o.sender,
  }
  const chain: PaymentChain = {
    getBlockNumber: async () => 500n,
    getLastInitializedRound: async () => 9n,
    isActiveTranscoder: async () => true,
    isUsedTicket: async () => false,
    getGasPrice: async () => o.gasPrice ?? 10_000_000n,
    getSenderInfo: async () => sender,
    claimableReserve: async () => o.reserve ?? 10n ** 18n,
    blockHashForRound: async (r) => o.hashes?.[r.toString()] ?? (`0x${'cd'.repeat(32)}` as Hex),
    redeemWinningTicket: async () => ({ txHash: '0x' }),
    batchRedeemWinningTickets: async () => ({ txHash: '0x' }),
  }
  return chain
}

async function issuerFor(chain: PaymentChain, over: { maxFaceValue?: bigint; pricePerUnit?: bigint } = {}) {
  const chainState = new ChainState({ chain, recipient: ORCH })
  await chainState.handleBlock(500n)
  const secret = newRandSecret()
  const issuer = new TicketParamsIssuer({
    recipient: ORCH,
    secret,
    chainState,
    pricePolicy: new PricePolicy({ pricePerUnit: over.pricePerUnit ?? 1200n }),
    ...(over.maxFaceValue ? { maxFaceValue: over.maxFaceValue } : {}),
  })
  return { issuer, secret }
}

describe('TicketParamsIssuer', () => {
  it('matches compatibility vector 3 (Arbitrum gas price, auto-adjusted price 101/100)', async () => {
    const { issuer } = await issuerFor(chainWith({}))
    const p = await issuer.issue(GW)
    expect(p.faceValue).toBe(1_200_000_000_000_000n)
    expect(p.winProb).toBe(771947261582107969490473233391252719021799897770937093596383896000000000n)
    expect(p.price).toEqual({ pricePerUnit: 1212n, pixelsPerUnit: 1n })
    expect(p.expirationBlock).toBe(540n)
    expect(p.expirationParams.creationRound).toBe(9n)
    expect(p.seed).toMatch(/^0x([1-9a-f][0-9a-f]|0[1-9a-f])([0-9a-f]{2})*$/)
  })

  it("bounds params expiry by the creation round's redemption window on short rounds", async () => {
    // rounds of 10 blocks, round 9 from block 495, tickets valid 2 rounds: redeemable through 514
    const chain = chainWith({})
    chain.getRoundTiming = async () => ({
      currentRound: 9n,
      currentRoundStartBlock: 495n,
      roundLength: 10n,
      ticketValidityPeriod: 2n,
    })
    const { issuer } = await issuerFor(chain)
    const p = await issuer.issue(GW)
    expect(p.expirationParams.creationRound).toBe(9n)
    expect(p.expirationBlock).toBe(509n)
  })

  it('commits to a recipientRand derived from the quoted fields', async () => {
    const { issuer, secret } = await issuerFor(chainWith({}))
    const p = await issuer.issue(GW)
    const rand = deriveRecipientRand(secret, { ...p, sender: GW })
    expect(recipientRandHash(rand)).toBe(p.recipientRandHash)
  })

  it('caps faceValue by the max float and by -maxFaceValue', async () => {
    expect((await (await issuerFor(chainWith({ reserve: 10n ** 14n }))).issuer.issue(GW)).faceValue).toBe(
      10n ** 14n,
    )
    const capped = await (await issuerFor(chainWith({}), { maxFaceValue: 5n * 10n ** 13n })).issuer.issue(GW)
    expect(capped.faceValue).toBe(5n * 10n ** 13n)
  })

  it('falls back to the previous round when the round block hash is zero', async () => {
    const { issuer } = await issuerFor(chainWith({ hashes: { '9': ZERO } }))
    expect((await issuer.issue(GW)).expirationParams.creationRound).toBe(8n)
  })

  it('refuses a sender without reserve, an unlocking sender, and a reserve below the EV', async () => {
    const noReserve = chainWith({ sender: { reserve: { fundsRemaining: 0n, claimedInCurrentRound: 0n } } })
    await expect((await issuerFor(noReserve)).issuer.issue(GW)).rejects.toMatchObject({
      code: 'SENDER_RESERVE_MISSING',
    })
    const unlocking = chainWith({ sender: { withdrawRound: 10n } })
    await expect((await issuerFor(unlocking)).issuer.issue(GW)).rejects.toMatchObject({
      code: 'TICKET_SENDER_UNLOCKING',
    })
    const tiny = chainWith({ reserve: 1000n })
    await expect((await issuerFor(tiny)).issuer.issue(GW)).rejects.toMatchObject({
      code: 'RESERVE_INSUFFICIENT',
    })
  })

  it('quotes "no payment" params at price 0', async () => {
    const { issuer } = await issuerFor(chainWith({}), { pricePerUnit: 0n })
    const p = await issuer.issue(GW)
    expect(p).toMatchObject({ faceValue: 0n, winProb: 0n, price: { pricePerUnit: 0n, pixelsPerUnit: 1n } })
  })
})

describe('PricePolicy', () => {
  it('prefers a model price, then a capability price, then the default', () => {
    const policy = new PricePolicy({
      pricePerUnit: 10n,
      autoAdjustPrice: false,
      capabilityPrices: [
        { capability: 35, pricePerUnit: 20n, pixelsPerUnit: 1n },
        { capability: 35, modelId: 'm', pricePerUnit: 30n, pixelsPerUnit: 7n },
      ],
    })
    expect(policy.quote({ faceValue: 0n, txCost: 0n })).toEqual({ pricePerUnit: 10n, pixelsPerUnit: 1n })
    expect(policy.quote({ capability: 35, faceValue: 0n, txCost: 0n })).toEqual({
      pricePerUnit: 20n,
      pixelsPerUnit: 1n,
    })
    expect(policy.quote({ capability: 35, modelId: 'm', faceValue: 0n, txCost: 0n })).toEqual({
      pricePerUnit: 30n,
      pixelsPerUnit: 7n,
    })
  })

  it('truncates the adjusted price to 3 decimals', () => {
    const policy = new PricePolicy({ pricePerUnit: 1n, pixelsPerUnit: 3n })
    // 1/3 × (1 + 1/7) = 0.380952… → 0.380 = 19/50
    expect(policy.quote({ faceValue: 7n, txCost: 1n })).toEqual({ pricePerUnit: 19n, pixelsPerUnit: 50n })
  })

  it('rejects pixelsPerUnit 0', () => {
    expect(() => new PricePolicy({ pricePerUnit: 1n, pixelsPerUnit: 0n })).toThrow(/pixels per unit/)
  })
})
