/**
 * Ticket errors, on both sides of a payment. Orchestrator-side errors carry `fatal` as in
 * go-livepeer (docs/protocol.md §2.2): a fatal error aborts the whole payment, a non-fatal one stops
 * crediting further tickets of that payment. Messages follow go-livepeer's texts.
 */
import { BaseError } from './base.ts'

/** Common shape of ticket errors. */
export abstract class TicketError extends BaseError {
  /** True when the error aborts the whole payment (docs/protocol.md §2.2). */
  abstract readonly fatal: boolean
}

/** The ticket signature does not recover to the sender (or fails length, low-s or v checks). Non-fatal. */
export class TicketSigInvalidError extends TicketError {
  override name = 'TicketSigInvalidError'
  readonly fatal = false
  constructor(details?: string) {
    super('TICKET_SIG_INVALID', 'invalid ticket signature', details ? { details } : {})
  }
}

/** The ticket's recipient is not this orchestrator. Fatal. */
export class TicketRecipientInvalidError extends TicketError {
  override name = 'TicketRecipientInvalidError'
  readonly fatal = true
  constructor(recipient?: string) {
    super('TICKET_RECIPIENT_INVALID', 'invalid ticket recipient', recipient ? { details: recipient } : {})
  }
}

/** The ticket's sender is the zero address (or missing). Fatal. */
export class TicketSenderInvalidError extends TicketError {
  override name = 'TicketSenderInvalidError'
  readonly fatal = true
  constructor(sender?: string) {
    super('TICKET_SENDER_INVALID', 'invalid ticket sender', sender ? { details: sender } : {})
  }
}

/** keccak256(u256(recipientRand)) differs from the ticket's recipientRandHash: params were altered. Fatal. */
export class TicketRandMismatchError extends TicketError {
  override name = 'TicketRandMismatchError'
  readonly fatal = true
  constructor() {
    super('TICKET_RAND_MISMATCH', 'invalid recipientRand for ticket recipientRandHash')
  }
}

/** The sender nonce was already seen for these params. Non-fatal. */
export class TicketNonceReplayedError extends TicketError {
  override name = 'TicketNonceReplayedError'
  readonly fatal = false
  constructor(sender: string, nonce: bigint | number) {
    super('TICKET_NONCE_REPLAYED', 'invalid ticket senderNonce: already seen', {
      details: `sender=${sender} nonce=${nonce}`,
    })
  }
}

/** More than 600 nonces for one params set (or a gateway out of nonces). Non-fatal. */
export class TicketNonceLimitError extends TicketError {
  override name = 'TicketNonceLimitError'
  readonly fatal = false
  constructor(sender: string, nonce: bigint | number) {
    super('TICKET_NONCE_LIMIT', 'invalid ticket senderNonce: too many values', {
      details: `sender=${sender} nonce=${nonce}`,
    })
  }
}

/** The ticket params expired (expiration block passed, or within the gateway's buffer). Non-fatal. */
export class TicketParamsExpiredError extends TicketError {
  override name = 'TicketParamsExpiredError'
  readonly fatal = false
  constructor(expirationBlock?: bigint, latestBlock?: bigint) {
    super(
      'TICKET_PARAMS_EXPIRED',
      'TicketParams expired',
      expirationBlock === undefined
        ? {}
        : { details: `expirationBlock=${expirationBlock} latestBlock=${latestBlock}` },
    )
  }
}

/** The sender's deposit and reserve unlock soon (withdrawRound ≤ lastInitializedRound + 1). Fatal. */
export class TicketSenderUnlockingError extends TicketError {
  override name = 'TicketSenderUnlockingError'
  readonly fatal = true
  constructor(sender?: string) {
    super(
      'TICKET_SENDER_UNLOCKING',
      'deposit and reserve for sender is set to unlock soon',
      sender ? { details: sender } : {},
    )
  }
}

/** The orchestrator sent no ticket params where they are needed (gateway check 1). */
export class TicketParamsMissingError extends TicketError {
  override name = 'TicketParamsMissingError'
  readonly fatal = true
  constructor() {
    super('TICKET_PARAMS_MISSING', 'ticketParams is nil')
  }
}

/** Ticket params with expiration block 0 (gateway check 2). */
export class TicketExpirationInvalidError extends TicketError {
  override name = 'TicketExpirationInvalidError'
  readonly fatal = true
  constructor() {
    super('TICKET_EXPIRATION_INVALID', 'ticketParams expiration block is 0')
  }
}

/** EV ≥ faceValue: winProb at its maximum, the params make no sense (gateway check 5). */
export class TicketFaceValueTooLowError extends TicketError {
  override name = 'TicketFaceValueTooLowError'
  readonly fatal = true
  constructor(faceValue: bigint) {
    super('TICKET_FACE_VALUE_TOO_LOW', 'ticket faceValue too low', { details: `faceValue=${faceValue}` })
  }
}

/** The ticket EV is above the gateway's maxTicketEV (gateway check 6). */
export class TicketEvTooHighError extends TicketError {
  override name = 'TicketEvTooHighError'
  readonly fatal = true
  constructor(ev: string, max: string) {
    super('TICKET_EV_TOO_HIGH', 'ticket EV above max ticket EV', {
      details: `ticket EV ${ev} > max ticket EV ${max}`,
    })
  }
}

/** EV × ticket count is above the gateway's maxTotalEV (gateway check 9). */
export class TicketTotalEvTooHighError extends TicketError {
  override name = 'TicketTotalEvTooHighError'
  readonly fatal = true
  constructor(total: string, tickets: number, max: string) {
    super('TICKET_TOTAL_EV_TOO_HIGH', 'total ticket EV above max total ticket EV', {
      details: `total ticket EV ${total} for ${tickets} tickets > max total ticket EV ${max}`,
    })
  }
}

/** faceValue above ⌊deposit / depositMultiplier⌋ (gateway check 10). */
export class TicketFaceValueTooHighError extends TicketError {
  override name = 'TicketFaceValueTooHighError'
  readonly fatal = true
  constructor(faceValue: bigint, max: bigint) {
    super('TICKET_FACE_VALUE_TOO_HIGH', 'ticket faceValue above max faceValue', {
      details: `ticket faceValue ${faceValue} > max faceValue ${max}`,
    })
  }
}

/** The gateway's own reserve is zero (gateway check 8). */
export class SenderReserveMissingError extends TicketError {
  override name = 'SenderReserveMissingError'
  readonly fatal = true
  constructor() {
    super('SENDER_RESERVE_MISSING', 'no sender reserve')
  }
}

/** The gateway's own deposit is zero (gateway check 8). */
export class SenderDepositMissingError extends TicketError {
  override name = 'SenderDepositMissingError'
  readonly fatal = true
  constructor() {
    super('SENDER_DEPOSIT_MISSING', 'no sender deposit')
  }
}

/** Union of ticket errors. */
export type TicketErrorType =
  | TicketSigInvalidError
  | TicketRecipientInvalidError
  | TicketSenderInvalidError
  | TicketRandMismatchError
  | TicketNonceReplayedError
  | TicketNonceLimitError
  | TicketParamsExpiredError
  | TicketSenderUnlockingError
  | TicketParamsMissingError
  | TicketExpirationInvalidError
  | TicketFaceValueTooLowError
  | TicketEvTooHighError
  | TicketTotalEvTooHighError
  | TicketFaceValueTooHighError
  | SenderReserveMissingError
  | SenderDepositMissingError
