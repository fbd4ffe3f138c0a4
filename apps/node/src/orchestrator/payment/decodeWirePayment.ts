/**
 * Decodes a `Livepeer-Payment` value (padded standard base64 of net.Payment, docs/protocol.md
 * §1.7) for the TicketReceiver. Addresses and hashes of the wrong length are fitted the go-ethereum
 * way (keep the rightmost bytes, left-pad with zeros); the expiration params are taken from Payment
 * field 3, else from TicketParams field 7, and kept in `expirationParams`; the expected price keeps
 * only its price per pixel.
 */
import { type Payment, paymentFromHeader } from '@prism/protocol'
import type { Hex } from 'viem'

function fit(hex: Hex, bytes: number): Hex {
  const body = hex.slice(2)
  return `0x${body.slice(-bytes * 2).padStart(bytes * 2, '0')}` as Hex
}

/**
 * Decodes and normalizes one payment. An empty sender stays `0x` (no sender).
 *
 * @throws PaymentDecodeFailedError (`PAYMENT_DECODE_FAILED`) for bad base64 or protobuf.
 * @example
 * const payment = decodeWirePayment(request.headers['livepeer-payment'])
 */
export function decodeWirePayment(base64: string): Payment {
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
