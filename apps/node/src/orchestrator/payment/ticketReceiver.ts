/**
 * TicketReceiver: validates the tickets of a Payment the way go-livepeer's ProcessPayment and
 * ReceiveTicket do (docs/protocol.md §2.1, §2.2), credits their EV to the session's balance, and writes
 * every winner to the settlement store before returning (so before the payment is acknowledged).
 *
 * Order per payment: sender present → params present → node active → expected price valid →
 * sender not unlocking → recipient is us → sender ≠ 0 → session price (once fixed) → recipientRand
 * matches (the HMAC binds the quoted price, so an altered price fails here in a new session).
 * Order per ticket: signature (non-fatal) → win → nonce (non-fatal) → params expiry (non-fatal;
 * a winner is still queued). After the first non-fatal error no later ticket of that payment is
 * credited; the first invalid signature ends the payment (later tickets are not even verified, so
 * garbage costs one verification). Before anything, a payment with more tickets than one params
 * set allows (`maxTickets`, 600) is refused without verifying a signature.
 */
import {
  type BaseError,
  isWinningTicket,
  type Payment,
  type PriceInfo,
  type Rational,
  ratAdd,
  rational,
  recipientRandHash,
  type Ticket,
  TicketNonceLimitError,
  TicketNonceReplayedError,
  TicketParamsExpiredError,
  TicketRandMismatchError,
  TicketRecipientInvalidError,
  TicketSenderInvalidError,
  TicketSenderUnlockingError,
  TicketSigInvalidError,
  ticketEV,
  ticketFromParams,
  verifyTicketSignature,
  type WinningTicket,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { SettlementStore } from '../settlement/store.ts'
import type { BalanceLedger } from './balanceLedger.ts'
import type { ChainState } from './chainState.ts'
import {
  PaymentOrchestratorInactiveError,
  PaymentPriceInvalidError,
  PaymentPriceMismatchError,
  PaymentSenderMissingError,
  PaymentTooManyTicketsError,
  TicketParamsUnavailableError,
} from './errors.ts'
import { NonceTracker } from './nonceTracker.ts'
import { deriveRecipientRand } from './recipientRand.ts'

const ZERO_ADDRESS = `0x${'00'.repeat(20)}`
const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex

/** Options of {@link TicketReceiver}. */
export type TicketReceiverOptions = {
  /** The orchestrator's address. */
  recipient: Address
  /** The node's recipientRand secret (same as the TicketParamsIssuer's). */
  secret: Uint8Array
  chainState: ChainState
  store: SettlementStore
  ledger: BalanceLedger
  /** Default: a new NonceTracker (600 per params set). */
  nonces?: NonceTracker
  /** Default: Date. */
  clock?: { now(): number }
  /** Most tickets one payment may carry (checked before any signature). Default: 600 (§1.6). */
  maxTickets?: number
  /** Ticket signature check (tests count calls through it). Default: `verifyTicketSignature`. */
  verifySignature?: (ticket: Ticket, sig: Hex, sender: Address) => boolean
}

/** Default of {@link TicketReceiverOptions.maxTickets}: the nonces one params set allows. */
export const MAX_TICKETS_PER_PAYMENT = 600

/** What one payment did. */
export type ReceiveResult = {
  sender: Address | null
  /** The session's price after this payment (null for a payment without params). */
  price: PriceInfo | null
  /** Tickets whose EV was credited. */
  credited: number
  /** Sum of credited EV, wei. */
  credit: Rational
  /** Winners written to the store by this payment. */
  winners: number
  /** Tickets whose signature verified (the sender proved it signed this payment when > 0). */
  verified: number
  /** First error, if any; with `fatal` the payment was rejected as a whole. */
  error: BaseError | null
  fatal: boolean
}

/** Events of {@link TicketReceiver}. */
export type TicketReceiverEvents = {
  /** A ticket passed validation and its EV was credited. */
  ticketAccepted: [sessionId: string, ticket: Ticket, ev: Rational]
  /** A winning ticket was stored for redemption. */
  winningTicket: [sessionId: string, ticket: WinningTicket]
  /** A payment or ticket was rejected. */
  ticketRejected: [sessionId: string, error: BaseError, fatal: boolean]
}

function senderOf(payment: Payment): Address | null {
  return payment.sender === '0x' ? null : (payment.sender as Address)
}

function priceKey(p: PriceInfo) {
  return `${p.pricePerUnit}/${p.pixelsPerUnit}`
}

/**
 * Validates tickets, credits balances and queues winners.
 *
 * @example
 * const receiver = new TicketReceiver({ recipient, secret, chainState, store, ledger })
 * const res = await receiver.handlePayment('session-1', decodedPayment)
 * if (res.error) sendPaymentError(res.error.code, res.fatal)
 */
export class TicketReceiver extends EnhancedEventEmitter<TicketReceiverEvents> {
  readonly #o: Required<Pick<TicketReceiverOptions, 'nonces' | 'clock' | 'maxTickets' | 'verifySignature'>> &
    TicketReceiverOptions

  constructor(options: TicketReceiverOptions) {
    super()
    this.#o = {
      nonces: new NonceTracker(),
      clock: Date,
      maxTickets: MAX_TICKETS_PER_PAYMENT,
      verifySignature: verifyTicketSignature,
      ...options,
    }
  }

  /** The nonce tracker (the owner forwards new blocks to it). */
  get nonces(): NonceTracker {
    return this.#o.nonces
  }

  /**
   * Processes one payment (as `decodeWirePayment` returns it: addresses fitted, expiration params
   * in `payment.expirationParams`) for a session. Never throws for bad input: the error is in the
   * result.
   *
   * Error codes: PAYMENT_TOO_MANY_TICKETS, PAYMENT_SENDER_MISSING, PAYMENT_ORCH_INACTIVE, PAYMENT_PRICE_INVALID,
   * TICKET_SENDER_UNLOCKING, TICKET_RECIPIENT_INVALID, TICKET_SENDER_INVALID, PAYMENT_PRICE_MISMATCH,
   * TICKET_RAND_MISMATCH, TICKET_PARAMS_UNAVAILABLE while the chain view is not loaded (fatal); TICKET_SIG_INVALID, TICKET_NONCE_REPLAYED, TICKET_NONCE_LIMIT,
   * TICKET_PARAMS_EXPIRED (non-fatal); SETTLEMENT_STORE_FAILED when a winner cannot be stored (fatal).
   */
  async handlePayment(sessionId: string, payment: Payment): Promise<ReceiveResult> {
    const result: ReceiveResult = {
      sender: senderOf(payment),
      price: null,
      credited: 0,
      credit: rational(0n),
      winners: 0,
      verified: 0,
      error: null,
      fatal: false,
    }
    const fail = (error: BaseError): ReceiveResult => {
      result.error = error
      result.fatal = true
      this.safeEmit('ticketRejected', sessionId, error, true)
      return result
    }
    try {
      return await this.#process(sessionId, payment, result, fail)
    } catch (err) {
      if (err && typeof err === 'object' && 'code' in err) return fail(err as BaseError)
      throw err
    }
  }

  async #process(
    sessionId: string,
    payment: Payment,
    result: ReceiveResult,
    fail: (e: BaseError) => ReceiveResult,
  ): Promise<ReceiveResult> {
    const { ledger, chainState, recipient, maxTickets } = this.#o
    const count = payment.ticketSenderParams.length
    if (count > maxTickets) return fail(new PaymentTooManyTicketsError(`tickets=${count} max=${maxTickets}`))
    const params = payment.ticketParams
    const sender = result.sender
    if (!sender) {
      if (params) return fail(new PaymentSenderMissingError())
      return result
    }
    if (!params) return result
    if (!chainState.ready)
      return fail(new TicketParamsUnavailableError('chain state not loaded (RPC unreachable?)'))
    const snap = chainState.snapshot
    if (!snap.active) return fail(new PaymentOrchestratorInactiveError(recipient, snap.lastInitializedRound))
    const price = payment.expectedPrice
    if (!price) return fail(new PaymentPriceInvalidError('expected price is missing'))
    if (price.pixelsPerUnit <= 0n) return fail(new PaymentPriceInvalidError('pixels per unit is 0'))
    if (price.pricePerUnit < 0n) return fail(new PaymentPriceInvalidError('negative price'))
    if (sender.toLowerCase() !== ZERO_ADDRESS) {
      const info = await chainState.senderInfo(sender)
      if (info.withdrawRound !== 0n && info.withdrawRound <= snap.lastInitializedRound + 1n)
        return fail(new TicketSenderUnlockingError(sender))
    }
    if (params.recipient.toLowerCase() !== recipient.toLowerCase())
      return fail(new TicketRecipientInvalidError(params.recipient))
    if (sender.toLowerCase() === ZERO_ADDRESS) return fail(new TicketSenderInvalidError(sender))
    const fixed = ledger.account(sender, sessionId).price
    if (fixed && priceKey(fixed) !== priceKey(price))
      return fail(new PaymentPriceMismatchError(priceKey(price), priceKey(fixed)))
    const exp = payment.expirationParams ?? { creationRound: 0n, creationRoundBlockHash: ZERO_HASH }
    const rand = deriveRecipientRand(this.#o.secret, { ...params, expirationParams: exp, sender, price })
    if (recipientRandHash(rand).toLowerCase() !== params.recipientRandHash.toLowerCase())
      return fail(new TicketRandMismatchError())
    result.price = ledger.fixPrice(sender, sessionId, price)

    let nonFatal: BaseError | null = null
    for (const tsp of payment.ticketSenderParams) {
      const senderNonce = BigInt(tsp.senderNonce)
      const ticket = ticketFromParams({ ...params, expirationParams: exp }, sender, senderNonce)
      let error: BaseError | null = null
      let sigOk: boolean
      try {
        sigOk = this.#o.verifySignature(ticket, tsp.sig, sender)
      } catch {
        sigOk = false
      }
      if (!sigOk) {
        // Non-fatal (tickets before it keep their credit), but it ends the payment: verifying the
        // rest would only spend CPU on tickets that can no longer be credited.
        const sigError = new TicketSigInvalidError()
        nonFatal ??= sigError
        this.safeEmit('ticketRejected', sessionId, sigError, false)
        break
      }
      result.verified++
      const won = isWinningTicket(tsp.sig, rand, params.winProb)
      const use = this.#o.nonces.use(params.recipientRandHash, senderNonce, params.expirationBlock)
      if (use === 'replayed') error = new TicketNonceReplayedError(sender, senderNonce)
      else if (use === 'limit') error = new TicketNonceLimitError(sender, senderNonce)
      const nonceOk = error === null
      if (!error && params.expirationBlock <= chainState.snapshot.block)
        error = new TicketParamsExpiredError(params.expirationBlock, chainState.snapshot.block)
      if (won && nonceOk) {
        const winner: WinningTicket = { ...ticket, recipientRand: rand, sig: tsp.sig }
        const meta = { paramsExpirationBlock: params.expirationBlock, sessionId, now: this.#o.clock.now() }
        // Throws SETTLEMENT_STORE_FAILED: the whole payment fails and is not acknowledged.
        if (this.#o.store.insertWinningTicket(winner, meta)) {
          result.winners++
          this.safeEmit('winningTicket', sessionId, winner)
        }
      }
      if (error) {
        nonFatal ??= error
        this.safeEmit('ticketRejected', sessionId, error, false)
        continue
      }
      if (nonFatal) continue
      const ev = ticketEV(params.faceValue, params.winProb)
      result.credit = ratAdd(result.credit, ev)
      result.credited++
      this.safeEmit('ticketAccepted', sessionId, ticket, ev)
    }
    if (result.credited > 0) ledger.credit(sender, sessionId, result.credit)
    result.error = nonFatal
    return result
  }
}
