/**
 * Decodes a `Livepeer-Payment` value (padded standard base64 of net.Payment, docs/protocol.md §1.7)
 * into the shape the TicketReceiver takes. Addresses and hashes of the wrong length are fitted the
 * go-ethereum way (keep the rightmost bytes, left-pad with zeros); empty sender = no sender.
 */
import { paymentFromHeader } from '@prism/protocol'
import type { Address, Hex } from 'viem'
import type { ReceivedPayment } from './receivedPayment.ts'

function fit(hex: Hex, bytes: number): Hex {
  const body = hex.slice(2)
  return `0x${body.slice(-bytes * 2).padStart(bytes * 2, '0')}` as Hex
}

function toBig(hex: Hex): bigint {
  return hex === '0x' ? 0n : BigInt(hex)
}

/**
 * Decodes and normalizes one payment.
 *
 * @throws PaymentDecodeFailedError (`PAYMENT_DECODE_FAILED`) for bad base64 or protobuf.
 * @example
 * const payment = decodeWirePayment(request.headers['livepeer-payment'])
 */
export function decodeWirePayment(base64: string): ReceivedPayment {
  const p = paymentFromHeader(base64)
  const tp = p.ticketParams
  const exp = p.expirationParams ?? tp?.expirationParams
  return {
    sender: p.sender && p.sender !== '0x' ? (fit(p.sender, 20) as Address) : null,
    ticketParams: tp
      ? {
          recipient: fit(tp.recipient, 20) as Address,
          faceValue: tp.faceValue,
          winProb: tp.winProb,
          recipientRandHash: fit(tp.recipientRandHash, 32),
          seed: toBig(tp.seed),
          expirationBlock: tp.expirationBlock,
        }
      : null,
    expirationParams: exp
      ? { creationRound: exp.creationRound, creationRoundBlockHash: fit(exp.creationRoundBlockHash, 32) }
      : null,
    tickets: p.ticketSenderParams.map((t) => ({ senderNonce: BigInt(t.senderNonce), sig: t.sig })),
    expectedPrice: p.expectedPrice
      ? { pricePerUnit: p.expectedPrice.pricePerUnit, pixelsPerUnit: p.expectedPrice.pixelsPerUnit }
      : null,
  }
}
