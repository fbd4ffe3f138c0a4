import { BaseError } from '@prism/protocol'

/** A funding or withdraw transaction failed or reverted. Code `WEB_FUNDS_TX_FAILED`. */
export class FundsTxError extends BaseError {
  override name = 'FundsTxError'
  constructor(step: string, cause?: unknown) {
    super('WEB_FUNDS_TX_FAILED', `${step} failed`, { cause })
  }
}
