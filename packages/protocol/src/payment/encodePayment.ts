import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import type { Payment } from './Payment.ts'
import { writePriceInfo } from './price.ts'
import { writeExpirationParams, writeTicketParams } from './ticketParams.ts'
import { writeHex, writeMessage } from './wire.ts'

/**
 * Serialises a net.Payment (docs/protocol.md §1.7) with @bufbuild/protobuf's BinaryWriter: big
 * integers as minimal big-endian bytes (zero = empty, omitted), proto3 defaults omitted.
 *
 * @returns the protobuf bytes.
 * @throws HEX_INVALID, VALUE_OUT_OF_RANGE for malformed fields.
 * @example
 * const bytes = encodePayment({ sender, ticketParams, expirationParams, ticketSenderParams: [{ senderNonce: 1, sig }], expectedPrice })
 */
export function encodePayment(payment: Payment): Uint8Array {
  const w = new BinaryWriter()
  const { ticketParams, expirationParams, expectedPrice } = payment
  if (ticketParams) writeMessage(w, 1, (w) => writeTicketParams(w, ticketParams))
  writeHex(w, 2, payment.sender, 'sender')
  if (expirationParams) writeMessage(w, 3, (w) => writeExpirationParams(w, expirationParams))
  for (const t of payment.ticketSenderParams) {
    writeMessage(w, 4, (w) => {
      if (t.senderNonce !== 0) w.tag(1, WireType.Varint).uint32(t.senderNonce)
      writeHex(w, 2, t.sig, 'sig')
    })
  }
  if (expectedPrice) writeMessage(w, 5, (w) => writePriceInfo(w, expectedPrice))
  return w.finish()
}
