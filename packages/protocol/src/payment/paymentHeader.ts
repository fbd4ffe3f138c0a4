import { base64Decode, base64Encode } from '@bufbuild/protobuf/wire'
import { isBaseError } from '../errors/base.ts'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import { decodePayment } from './decodePayment.ts'
import { encodePayment } from './encodePayment.ts'
import type { Payment } from './Payment.ts'

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Padded standard base64 of bytes (no Node Buffer; works in browsers).
 * @example toBase64(new Uint8Array([1, 2])) // 'AQI='
 */
export function toBase64(bytes: Uint8Array): string {
  return base64Encode(bytes, 'std')
}

/**
 * Strict decoding of padded standard base64 (as Go's base64.StdEncoding).
 * @throws PAYMENT_DECODE_FAILED for other alphabets, missing padding or whitespace.
 * @example fromBase64('AQI=') // Uint8Array [1, 2]
 */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string' || !STD_BASE64.test(text))
    throw new PaymentDecodeFailedError('not padded standard base64')
  return base64Decode(text)
}

/**
 * The `Livepeer-Payment` header value: padded standard base64 of the serialized Payment.
 * @example headers['Livepeer-Payment'] = paymentToHeader(payment)
 */
export function paymentToHeader(payment: Payment): string {
  return toBase64(encodePayment(payment))
}

/**
 * Parses a `Livepeer-Payment` header value (or the `payment` field of a data-channel message).
 * @throws PAYMENT_DECODE_FAILED
 * @example paymentFromHeader(req.headers['livepeer-payment'])
 */
export function paymentFromHeader(header: string): Payment {
  try {
    return decodePayment(fromBase64(header))
  } catch (err) {
    if (isBaseError(err)) throw err
    throw new PaymentDecodeFailedError(String(err), err)
  }
}
