/** Errors of settlement: the winning-ticket store and redemption. */
import { BaseError } from '@prism/protocol'

/** The SQLite store could not be opened or written. Code `SETTLEMENT_STORE_FAILED`. */
export class SettlementStoreError extends BaseError {
  override name = 'SettlementStoreError'
  constructor(message: string, cause?: unknown) {
    super('SETTLEMENT_STORE_FAILED', message, { cause, httpStatus: 500 })
  }
}
