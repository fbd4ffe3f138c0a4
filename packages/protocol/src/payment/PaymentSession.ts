import type { Hex } from 'viem'
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
import { parseDecimal } from '../math/parseDecimal.ts'
import {
  type Rational,
  ratAdd,
  ratCompare,
  rational,
  ratMul,
  ratSub,
  ratToDecimalString,
} from '../math/rational.ts'
import { DEFAULT_MAX_TICKET_EV, DEFAULT_MAX_TOTAL_EV } from '../pricing/constants.ts'
import { parsePrice } from '../pricing/parsePrice.ts'
import { ticketsNeeded } from '../pricing/ticketsNeeded.ts'
import { MAX_SENDER_NONCES } from '../ticket/constants.ts'
import { signTicket } from '../ticket/signTicket.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import type { Payment } from './Payment.ts'
import type { CreatePaymentReturnType, PaymentSessionOptions } from './PaymentSessionTypes.ts'
import { paymentToHeader } from './paymentHeader.ts'
import { type PriceInfo, type PriceJson, priceFromJson } from './price.ts'
import type { SenderInfo } from './SenderInfo.ts'
import {
  type TicketExpirationParams,
  type TicketParams,
  type TicketParamsJson,
  ticketFromParams,
  ticketParamsFromJson,
} from './ticketParams.ts'

const ZERO_HASH = /^0x0*$/

/**
 * Gateway side of Livepeer payments for one orchestrator session (docs/protocol.md §3, §5.3): it
 * validates ticket params as a go-livepeer gateway does, keeps the nonce sequence per
 * recipientRandHash (first ticket nonce 1, at most 600 per params set), computes how many
 * tickets a fee needs against its credit and signs net.Payment messages. No Node or DOM APIs:
 * the browser and the headless client use it alike. Input through `handle*()`, output as return
 * values.
 *
 * @example
 * const session = new PaymentSession({ info, signer: privateKeyToAccount(key), currentBlock: () => block })
 * const { header, tickets } = await session.createPayment(fee)
 * // send header as Livepeer-Payment (or { v: 1, type: 'payment', seq, payment: header } on the data channel)
 * session.handleBalance(event.balance)
 */
export class PaymentSession {
  readonly #opts: PaymentSessionOptions
  #params: TicketParams
  #ev: Rational
  #price: Rational
  #priceJson: PriceJson
  readonly #initialPrice: Rational
  #credit: Rational = rational(0n)
  #nonce = 0
  #senderInfo: SenderInfo | undefined

  /**
   * @throws TICKET_PARAMS_MISSING, TICKET_EXPIRATION_INVALID, TICKET_PARAMS_EXPIRED,
   *   TICKET_FACE_VALUE_TOO_LOW, TICKET_EV_TOO_HIGH, TICKET_SENDER_UNLOCKING,
   *   SENDER_RESERVE_MISSING, SENDER_DEPOSIT_MISSING, TICKET_FACE_VALUE_TOO_HIGH, PRICE_INVALID
   */
  constructor(options: PaymentSessionOptions) {
    this.#opts = options
    this.#senderInfo = options.senderInfo
    if (!options.info.ticketParams) throw new TicketParamsMissingError()
    this.#priceJson = options.price ?? options.info.price
    this.#price = parsePrice(this.#priceJson)
    this.#initialPrice = this.#price
    this.#params = ticketParamsFromJson(options.info.ticketParams)
    this.#ev = ticketEV(this.#params.faceValue, this.#params.winProb)
    this.#validate(this.#params, this.#ev)
  }

  /** Current ticket params. */
  get ticketParams(): TicketParams {
    return this.#params
  }

  /** EV of one ticket under the current params. */
  get ev(): Rational {
    return this.#ev
  }

  /** Credit the gateway believes it holds with the orchestrator (may be negative). */
  get credit(): Rational {
    return this.#credit
  }

  /** Current price per pixel. */
  get price(): Rational {
    return this.#price
  }

  /** Price per pixel when the session started. */
  get initialPrice(): Rational {
    return this.#initialPrice
  }

  /** Last nonce used under the current recipientRandHash (0 before the first ticket). */
  get nonce(): number {
    return this.#nonce
  }

  /**
   * Refuses a price jump: throws when the current price is more than double the price the session
   * started at (the orchestrator raised it mid-session). {@link createPayment} checks it too.
   * @throws PRICE_DOUBLED
   * @example session.handleTicketParams(event.ticketParams, event.price); session.assertPrice()
   */
  assertPrice(): void {
    if (ratCompare(this.#price, ratMul(this.#initialPrice, rational(2n))) > 0)
      throw new PriceDoubledError(
        ratToDecimalString(this.#price, 3),
        ratToDecimalString(this.#initialPrice, 3),
      )
  }

  /**
   * True when the params are expired (within the buffer) or fewer than `tickets` nonces remain:
   * the caller should fetch fresh params (`/info` or the channel's `ticketParams` event).
   * @example if (session.needsRefresh()) session.handleTicketParams(await refresh())
   */
  needsRefresh(tickets = 1): boolean {
    return this.#expired(this.#params) || this.#nonce + tickets > MAX_SENDER_NONCES
  }

  /**
   * Pays for `fee`: sends ⌈(max(fee, ev) − credit) / ev⌉ tickets (0 when the credit covers it),
   * then credit = credit + tickets × ev − fee. Nonces and credit are taken before signing, so
   * concurrent calls never reuse a nonce.
   *
   * @param fee - wei to cover, e.g. `estimateFee(...)` or live pixels × price (a zero fee still
   *   tops the credit up to one EV).
   * @throws TICKET_PARAMS_EXPIRED, TICKET_NONCE_LIMIT (refresh params first), TICKET_TOTAL_EV_TOO_HIGH,
   *   PRICE_DOUBLED.
   * @example const { header, tickets } = await session.createPayment(rational(24_429_081_600n))
   */
  async createPayment(fee: Rational): Promise<CreatePaymentReturnType> {
    const params = this.#params
    if (this.#expired(params))
      throw new TicketParamsExpiredError(params.expirationBlock, this.#opts.currentBlock())
    this.assertPrice()
    const ev = this.#ev
    const free = ev.num <= 0n || this.#price.num === 0n
    const n = free ? 0 : ticketsNeeded(fee, ev, this.#credit)
    const totalEV = ratMul(ev, rational(BigInt(n)))
    const maxTotal = this.#opts.maxTotalEV ?? DEFAULT_MAX_TOTAL_EV
    if (ratCompare(totalEV, rational(maxTotal)) > 0)
      throw new TicketTotalEvTooHighError(
        ratToDecimalString(totalEV),
        n,
        ratToDecimalString(rational(maxTotal)),
      )
    if (this.#nonce + n > MAX_SENDER_NONCES)
      throw new TicketNonceLimitError(this.#opts.signer.address, this.#nonce + n)
    const nonces = Array.from({ length: n }, (_, i) => this.#nonce + i + 1)
    this.#nonce += n
    this.#credit = free ? this.#credit : ratSub(ratAdd(this.#credit, totalEV), fee)
    const credit = this.#credit

    const expiration = this.#expirationParams(params)
    const sender = this.#opts.signer.address
    const sigs = await Promise.all(
      nonces.map((senderNonce) =>
        signTicket(
          this.#opts.signer,
          ticketFromParams({ ...params, expirationParams: expiration }, sender, BigInt(senderNonce)),
        ),
      ),
    )
    const payment: Payment = {
      sender: sender.toLowerCase() as Hex,
      ticketSenderParams: nonces.map((senderNonce, i) => ({ senderNonce, sig: sigs[i]! })),
      expectedPrice: this.#priceInfo(),
    }
    if (n > 0) {
      const { expirationParams: _, ...wire } = params
      payment.ticketParams = { ...wire, recipient: params.recipient.toLowerCase() as Hex }
      payment.expirationParams = expiration
    }
    return {
      payment,
      header: paymentToHeader(payment),
      tickets: n,
      ev,
      credit,
      nonces,
      recipientRandHash: params.recipientRandHash,
    }
  }

  /**
   * The orchestrator reported the balance it holds for this session (wei, decimal string,
   * bigint or rational; may be negative). The session's credit becomes that value.
   * @throws RATIONAL_INVALID for a malformed decimal string.
   * @example session.handleBalance(event.balance)
   */
  handleBalance(balance: string | bigint | Rational): void {
    this.#credit = parseDecimal(balance)
  }

  /**
   * New ticket params (and optionally the price) from the orchestrator. A new recipientRandHash
   * starts a new nonce sequence at 0. Validated like the initial params; the recipient must not
   * change.
   *
   * @throws the constructor's codes, TICKET_RECIPIENT_INVALID, PRICE_INVALID.
   * @example session.handleTicketParams(event.ticketParams, event.price)
   */
  handleTicketParams(ticketParams: TicketParamsJson | TicketParams, price?: PriceJson): void {
    const next =
      typeof ticketParams.faceValue === 'string'
        ? ticketParamsFromJson(ticketParams as TicketParamsJson)
        : (ticketParams as TicketParams)
    if (next.recipient.toLowerCase() !== this.#params.recipient.toLowerCase())
      throw new TicketRecipientInvalidError(next.recipient)
    const ev = ticketEV(next.faceValue, next.winProb)
    this.#validate(next, ev)
    const nextPrice = price ? parsePrice(price) : this.#price
    if (next.recipientRandHash.toLowerCase() !== this.#params.recipientRandHash.toLowerCase()) this.#nonce = 0
    this.#params = next
    this.#ev = ev
    if (price) {
      this.#price = nextPrice
      this.#priceJson = price
    }
  }

  /**
   * The gateway's own TicketBroker state changed (e.g. after a redemption lowered the deposit).
   * @example session.handleSenderInfo(await broker.getSenderInfo(address))
   */
  handleSenderInfo(info: SenderInfo): void {
    this.#senderInfo = info
  }

  #expired(p: TicketParams): boolean {
    return p.expirationBlock - this.#opts.currentBlock() <= (this.#opts.expiryBufferBlocks ?? 1n)
  }

  #validate(p: TicketParams, ev: Rational): void {
    if (p.expirationBlock === 0n) throw new TicketExpirationInvalidError()
    if (this.#expired(p)) throw new TicketParamsExpiredError(p.expirationBlock, this.#opts.currentBlock())
    if (ev.num <= 0n) return
    if (ratCompare(ev, rational(p.faceValue)) >= 0) throw new TicketFaceValueTooLowError(p.faceValue)
    const maxEV = this.#opts.maxTicketEV ?? DEFAULT_MAX_TICKET_EV
    if (ratCompare(ev, rational(maxEV)) > 0)
      throw new TicketEvTooHighError(ratToDecimalString(ev), ratToDecimalString(rational(maxEV)))
    const info = this.#senderInfo
    if (!info) return
    const round = this.#opts.lastInitializedRound?.()
    if (info.withdrawRound !== 0n && round !== undefined && info.withdrawRound <= round + 1n)
      throw new TicketSenderUnlockingError(this.#opts.signer.address)
    if (info.reserve.fundsRemaining === 0n) throw new SenderReserveMissingError()
    if (info.deposit === 0n) throw new SenderDepositMissingError()
    const maxFaceValue = info.deposit / (this.#opts.depositMultiplier ?? 1n)
    if (p.faceValue > maxFaceValue) throw new TicketFaceValueTooHighError(p.faceValue, maxFaceValue)
  }

  #expirationParams(p: TicketParams): TicketExpirationParams {
    const e = p.expirationParams
    if (e.creationRound !== 0n && !ZERO_HASH.test(e.creationRoundBlockHash)) return e
    return this.#opts.fallbackExpirationParams?.() ?? e
  }

  #priceInfo(): PriceInfo {
    const p = priceFromJson(this.#priceJson)
    if (this.#opts.capability !== undefined) p.capability = this.#opts.capability
    if (this.#opts.constraint !== undefined) p.constraint = this.#opts.constraint
    return p
  }
}
