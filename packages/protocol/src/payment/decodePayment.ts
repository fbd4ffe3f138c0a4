import { BinaryReader, WireType } from '@bufbuild/protobuf/wire'
import { isBaseError } from '../errors/base.ts'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import type { Payment, TicketSenderParams } from './Payment.ts'
import { readPriceInfo } from './price.ts'
import { readExpirationParams, readTicketParams } from './ticketParams.ts'
import { expectWire, readFields, readHex } from './wire.ts'

function readSenderParams(r: BinaryReader): TicketSenderParams {
  const s: TicketSenderParams = { senderNonce: 0, sig: '0x' }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1) {
      expectWire(wt, WireType.Varint, 'TicketSenderParams', f)
      s.senderNonce = r.uint32()
    } else if (f === 2) {
      expectWire(wt, WireType.LengthDelimited, 'TicketSenderParams', f)
      s.sig = readHex(r)
    } else return false
    return true
  })
  return s
}

/**
 * Parses net.Payment bytes (docs/protocol.md §1.7). Unknown fields are skipped; big integers
 * accept non-minimal encodings.
 *
 * @param bytes - serialized Payment.
 * @returns the payment.
 * @throws PAYMENT_DECODE_FAILED for truncated data, wrong wire types or invalid UTF-8.
 * @example decodePayment(encodePayment(payment)) // deep-equals payment
 */
export function decodePayment(bytes: Uint8Array): Payment {
  const p: Payment = { sender: '0x', ticketSenderParams: [] }
  try {
    const r = new BinaryReader(bytes)
    readFields(r, bytes.length, (f, wt) => {
      if (f < 1 || f > 5) return false
      expectWire(wt, WireType.LengthDelimited, 'Payment', f)
      if (f === 1) p.ticketParams = readTicketParams(r)
      else if (f === 2) p.sender = readHex(r)
      else if (f === 3) p.expirationParams = readExpirationParams(r)
      else if (f === 4) p.ticketSenderParams.push(readSenderParams(r))
      else p.expectedPrice = readPriceInfo(r)
      return true
    })
  } catch (err) {
    if (isBaseError(err)) throw err
    throw new PaymentDecodeFailedError(err instanceof Error ? err.message : String(err), err)
  }
  return p
}
