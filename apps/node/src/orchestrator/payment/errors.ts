/**
 * Errors of the orchestrator's payment managers. Ticket-level failures reuse the codes of
 * `@prism/protocol` (TICKET_SIG_INVALID, TICKET_NONCE_REPLAYED, …); these are the node-only ones.
 */
import { BaseError } from '@prism/protocol'

/** A payment carried ticket params but no sender (docs/protocol.md §2.1 step 1). Fatal. */
export class PaymentSenderMissingError extends BaseError {
  override name = 'PaymentSenderMissingError'
  readonly fatal = true
  constructor() {
    super('PAYMENT_SENDER_MISSING', 'Could not find Sender for payment')
  }
}

/** The orchestrator is not active in the last initialized round, so it cannot take tickets. Fatal. */
export class PaymentOrchestratorInactiveError extends BaseError {
  override name = 'PaymentOrchestratorInactiveError'
  readonly fatal = true
  constructor(address: string, round: bigint) {
    super('PAYMENT_ORCH_INACTIVE', 'orchestrator is inactive, cannot process payments', {
      details: `orchestrator=${address} round=${round}`,
      httpStatus: 503,
    })
  }
}

/** The payment's expected price is missing, has pixelsPerUnit 0, or is negative. Fatal. */
export class PaymentPriceInvalidError extends BaseError {
  override name = 'PaymentPriceInvalidError'
  readonly fatal = true
  constructor(details: string) {
    super('PAYMENT_PRICE_INVALID', 'invalid expected price sent with payment', { details })
  }
}

/** The payment's expected price differs from the price fixed for this session. Fatal. */
export class PaymentPriceMismatchError extends BaseError {
  override name = 'PaymentPriceMismatchError'
  readonly fatal = true
  constructor(expected: string, fixed: string) {
    super('PAYMENT_PRICE_MISMATCH', 'expected price does not match the session price', {
      details: `expected=${expected} session=${fixed}`,
    })
  }
}

/**
 * The session's balance stayed below zero past the grace period: output is paused
 * (or the session closed when it still was not paid). Sent to the gateway as the reason.
 */
export class PaymentBalanceInsufficientError extends BaseError {
  override name = 'PaymentBalanceInsufficientError'
  constructor(balanceWei: string, closing: boolean) {
    super(
      'PAYMENT_BALANCE_INSUFFICIENT',
      closing ? 'insufficient balance, closing session' : 'insufficient balance',
      {
        details: `balance=${balanceWei} wei`,
        httpStatus: 402,
      },
    )
  }
}

/** Ticket params cannot be issued to this sender (no reserve/deposit, or chain state unknown). */
export class TicketParamsUnavailableError extends BaseError {
  override name = 'TicketParamsUnavailableError'
  constructor(details: string, cause?: unknown) {
    super('TICKET_PARAMS_UNAVAILABLE', 'cannot issue ticket params for sender', {
      details,
      cause,
      httpStatus: 503,
    })
  }
}

/**
 * A payment carried more tickets than one params set allows (600 nonces, docs/protocol.md §1.6),
 * or its encoding is longer than that many tickets need: refused before it is decoded or any
 * signature verified. Fatal. Code `PAYMENT_TOO_MANY_TICKETS` (400).
 */
export class PaymentTooManyTicketsError extends BaseError {
  override name = 'PaymentTooManyTicketsError'
  readonly fatal = true
  constructor(details: string) {
    super('PAYMENT_TOO_MANY_TICKETS', 'too many tickets in one payment', { details })
  }
}

/**
 * Too many failed payments from this address (or from this proven sender) lately: the payment is
 * refused without being looked at. Code `PAYMENT_RATE_LIMITED` (429).
 */
export class PaymentRateLimitedError extends BaseError {
  override name = 'PaymentRateLimitedError'
  constructor(key: string) {
    super('PAYMENT_RATE_LIMITED', 'too many failed payments, retry later', {
      details: key,
      httpStatus: 429,
    })
  }
}

/**
 * A payment for a session bound to another sender (the WHIP offer named and signed its sender).
 * Fatal. Code `PAYMENT_SENDER_MISMATCH` (403).
 */
export class PaymentSenderMismatchError extends BaseError {
  override name = 'PaymentSenderMismatchError'
  readonly fatal = true
  constructor(sender: string, bound: string) {
    super('PAYMENT_SENDER_MISMATCH', 'the session belongs to another sender', {
      details: `payment sender=${sender} session sender=${bound}`,
      httpStatus: 403,
    })
  }
}
