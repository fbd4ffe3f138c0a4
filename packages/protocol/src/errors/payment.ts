/** Errors of the net.Payment / SegData wire codecs and the Livepeer-Payment header. */
import { BaseError } from './base.ts'

/** The bytes or base64 are not a valid net.Payment (or SegData): truncated, wrong wire type, bad base64. */
export class PaymentDecodeFailedError extends BaseError {
  override name = 'PaymentDecodeFailedError'
  constructor(details: string, cause?: unknown) {
    super('PAYMENT_DECODE_FAILED', 'malformed payment', {
      details,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}
