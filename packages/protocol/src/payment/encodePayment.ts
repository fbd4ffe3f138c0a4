import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import type { Payment, PriceInfo, TicketExpirationParams } from './Payment.ts'
import { writeBigBytes, writeHex, writeMessage } from './wire.ts'

function writeExpiration(w: BinaryWriter, e: TicketExpirationParams): void {
  if (e.creationRound !== 0n) w.tag(1, WireType.Varint).int64(e.creationRound)
  writeHex(w, 2, e.creationRoundBlockHash, 'creationRoundBlockHash')
}

function writePrice(w: BinaryWriter, p: PriceInfo): void {
  if (p.pricePerUnit !== 0n) w.tag(1, WireType.Varint).int64(p.pricePerUnit)
  if (p.pixelsPerUnit !== 0n) w.tag(2, WireType.Varint).int64(p.pixelsPerUnit)
  if (p.capability) w.tag(3, WireType.Varint).uint32(p.capability)
  if (p.constraint) w.tag(4, WireType.LengthDelimited).string(p.constraint)
}

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
  const tp = payment.ticketParams
  if (tp) {
    writeMessage(w, 1, (w) => {
      writeHex(w, 1, tp.recipient, 'recipient')
      writeBigBytes(w, 2, tp.faceValue, 'faceValue')
      writeBigBytes(w, 3, tp.winProb, 'winProb')
      writeHex(w, 4, tp.recipientRandHash, 'recipientRandHash')
      writeHex(w, 5, tp.seed, 'seed')
      writeBigBytes(w, 6, tp.expirationBlock, 'expirationBlock')
      if (tp.expirationParams) writeMessage(w, 7, (w) => writeExpiration(w, tp.expirationParams!))
    })
  }
  writeHex(w, 2, payment.sender, 'sender')
  if (payment.expirationParams) writeMessage(w, 3, (w) => writeExpiration(w, payment.expirationParams!))
  for (const t of payment.ticketSenderParams) {
    writeMessage(w, 4, (w) => {
      if (t.senderNonce !== 0) w.tag(1, WireType.Varint).uint32(t.senderNonce)
      writeHex(w, 2, t.sig, 'sig')
    })
  }
  if (payment.expectedPrice) writeMessage(w, 5, (w) => writePrice(w, payment.expectedPrice!))
  return w.finish()
}
