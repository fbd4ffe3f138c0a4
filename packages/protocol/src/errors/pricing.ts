/** Pricing errors (docs/protocol.md §2.6, §3, §5). */
import { BaseError } from './base.ts'

/** faceValue could not reach the EV or the redeem tx cost: the sender's reserve (max float) is too small. */
export class ReserveInsufficientError extends BaseError {
  override name = 'ReserveInsufficientError'
  constructor(details?: string) {
    super('RESERVE_INSUFFICIENT', 'insufficient sender reserve', details ? { details } : {})
  }
}

/** A price with pixelsPerUnit ≤ 0, a negative pricePerUnit or a non-integer string. */
export class PriceInvalidError extends BaseError {
  override name = 'PriceInvalidError'
  constructor(details: string) {
    super('PRICE_INVALID', 'invalid price', { details })
  }
}

/** The orchestrator's current price is more than twice the session's initial price. */
export class PriceDoubledError extends BaseError {
  override name = 'PriceDoubledError'
  constructor(current: string, initial: string) {
    super('PRICE_DOUBLED', 'Orchestrator price has more than doubled', {
      details: `Orchestrator price: ${current}, Orchestrator initial price: ${initial}`,
    })
  }
}

/** A video profile name that is not in VIDEO_PROFILES. */
export class ProfileUnknownError extends BaseError {
  override name = 'ProfileUnknownError'
  constructor(name: string) {
    super('PROFILE_UNKNOWN', 'unknown video profile', { details: name })
  }
}

/** Union of pricing errors. */
export type PricingErrorType =
  | ReserveInsufficientError
  | PriceInvalidError
  | PriceDoubledError
  | ProfileUnknownError
