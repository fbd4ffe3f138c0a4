/**
 * Decodes a `Livepeer-Payment` value (padded standard base64 of net.Payment, docs/protocol.md
 * §1.7) for the TicketReceiver. Addresses and hashes of the wrong length are fitted the go-ethereum
 * way (keep the rightmost bytes, left-pad with zeros); the expiration params are taken from Payment
 * field 3, else from TicketParams field 7, and kept in `expirationParams`; the expected price keeps
 * only its price per pixel. A value longer than `maxTickets` tickets can take is refused before
 * it is decoded (decoding costs tens of microseconds per ticket).
 */
import { type Payment, paymentFromHeader } from '@prism/protocol'
import type { Hex } from 'viem'
import { PaymentTooManyTicketsError } from './errors.ts'
import { MAX_TICKETS_PER_PAYMENT } from './ticketReceiver.ts'

/** Most bytes one ticket of a well-formed payment takes: two tags and lengths, a uint32 nonce, 65 bytes of signature. */
const TICKET_BYTES = 75
/** Room for the rest (params, sender, expiration params, price with a model id), generously. */
const ENVELOPE_BYTES = 2048

/**
 * Longest `Livepeer-Payment` value (base64 characters) a payment of `maxTickets` tickets needs.
 *
 * @example maxPaymentChars(600) // 62732
 */
export function maxPaymentChars(maxTickets: number = MAX_TICKETS_PER_PAYMENT): number {
  return Math.ceil((ENVELOPE_BYTES + maxTickets * TICKET_BYTES) / 3) * 4
}

function fit(hex: Hex, bytes: number): Hex {
  const body = hex.slice(2)
  return `0x${body.slice(-bytes * 2).padStart(bytes * 2, '0')}` as Hex
}

/**
 * Decodes and normalizes one payment. An empty sender stays `0x` (no sender).
 *
 * @param options.maxTickets - the receiver's cap; longer values are refused unread. Default: 600.
 * @throws PaymentTooManyTicketsError (`PAYMENT_TOO_MANY_TICKETS`) for a value longer than
 *   `maxTickets` tickets need; PaymentDecodeFailedError (`PAYMENT_DECODE_FAILED`) for bad base64 or protobuf.
 * @example
 * const payment = decodeWirePayment(request.headers['livepeer-payment'])
 */
export function decodeWirePayment(base64: string, options: { maxTickets?: number } = {}): Payment {
  const maxTickets = options.maxTickets ?? MAX_TICKETS_PER_PAYMENT
  const limit = maxPaymentChars(maxTickets)
  if (base64.length > limit)
    throw new PaymentTooManyTicketsError(
      `payment of ${base64.length} base64 characters; ${maxTickets} tickets need at most ${limit}`,
    )
  const p = paymentFromHeader(base64)
  const exp = p.expirationParams ?? p.ticketParams?.expirationParams
  const out: Payment = {
    sender: p.sender === '0x' ? '0x' : fit(p.sender, 20),
    ticketSenderParams: p.ticketSenderParams,
  }
  if (p.ticketParams) {
    const { expirationParams: _, ...params } = p.ticketParams
    out.ticketParams = {
      ...params,
      recipient: fit(params.recipient, 20),
      recipientRandHash: fit(params.recipientRandHash, 32),
    }
  }
  if (exp) out.expirationParams = { ...exp, creationRoundBlockHash: fit(exp.creationRoundBlockHash, 32) }
  const price = p.expectedPrice
  if (price) out.expectedPrice = { pricePerUnit: price.pricePerUnit, pixelsPerUnit: price.pixelsPerUnit }
  return out
}
