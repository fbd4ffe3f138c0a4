import { BinaryReader, WireType } from '@bufbuild/protobuf/wire'
import { isBaseError } from '../errors/base.ts'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import type {
  Payment,
  PriceInfo,
  TicketExpirationParams,
  TicketSenderParams,
  WireTicketParams,
} from './Payment.ts'
import { expectWire, readBigBytes, readFields, readHex, readInt64 } from './wire.ts'

const LD = WireType.LengthDelimited
const VI = WireType.Varint

function readExpiration(r: BinaryReader): TicketExpirationParams {
  const e: TicketExpirationParams = { creationRound: 0n, creationRoundBlockHash: '0x' }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1) {
      expectWire(wt, VI, 'TicketExpirationParams', f)
      e.creationRound = readInt64(r)
    } else if (f === 2) {
      expectWire(wt, LD, 'TicketExpirationParams', f)
      e.creationRoundBlockHash = readHex(r)
    } else return false
    return true
  })
  return e
}

function readTicketParams(r: BinaryReader): WireTicketParams {
  const t: WireTicketParams = {
    recipient: '0x',
    faceValue: 0n,
    winProb: 0n,
    recipientRandHash: '0x',
    seed: '0x',
    expirationBlock: 0n,
  }
  readFields(r, r.uint32(), (f, wt) => {
    if (f < 1 || f > 7) return false
    expectWire(wt, LD, 'TicketParams', f)
    if (f === 1) t.recipient = readHex(r)
    else if (f === 2) t.faceValue = readBigBytes(r)
    else if (f === 3) t.winProb = readBigBytes(r)
    else if (f === 4) t.recipientRandHash = readHex(r)
    else if (f === 5) t.seed = readHex(r)
    else if (f === 6) t.expirationBlock = readBigBytes(r)
    else t.expirationParams = readExpiration(r)
    return true
  })
  return t
}

function readSenderParams(r: BinaryReader): TicketSenderParams {
  const s: TicketSenderParams = { senderNonce: 0, sig: '0x' }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1) {
      expectWire(wt, VI, 'TicketSenderParams', f)
      s.senderNonce = r.uint32()
    } else if (f === 2) {
      expectWire(wt, LD, 'TicketSenderParams', f)
      s.sig = readHex(r)
    } else return false
    return true
  })
  return s
}

function readPrice(r: BinaryReader): PriceInfo {
  const p: PriceInfo = { pricePerUnit: 0n, pixelsPerUnit: 0n }
  readFields(r, r.uint32(), (f, wt) => {
    if (f === 1 || f === 2) {
      expectWire(wt, VI, 'PriceInfo', f)
      if (f === 1) p.pricePerUnit = readInt64(r)
      else p.pixelsPerUnit = readInt64(r)
    } else if (f === 3) {
      expectWire(wt, VI, 'PriceInfo', f)
      p.capability = r.uint32()
    } else if (f === 4) {
      expectWire(wt, LD, 'PriceInfo', f)
      p.constraint = r.string()
    } else return false
    return true
  })
  return p
}

/**
 * Parses net.Payment bytes (docs/protocol.md §1.7). Unknown fields are skipped; big integers accept
 * non-minimal encodings.
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
      expectWire(wt, LD, 'Payment', f)
      if (f === 1) p.ticketParams = readTicketParams(r)
      else if (f === 2) p.sender = readHex(r)
      else if (f === 3) p.expirationParams = readExpiration(r)
      else if (f === 4) p.ticketSenderParams.push(readSenderParams(r))
      else p.expectedPrice = readPrice(r)
      return true
    })
  } catch (err) {
    if (isBaseError(err)) throw err
    throw new PaymentDecodeFailedError(err instanceof Error ? err.message : String(err), err)
  }
  return p
}
