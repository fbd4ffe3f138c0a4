/**
 * Thin helpers over @bufbuild/protobuf's BinaryReader/BinaryWriter for hand-declared messages:
 * big integers as minimal big-endian bytes, wire-type checks that raise PAYMENT_DECODE_FAILED.
 */
import { type BinaryReader, type BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import type { Hex } from 'viem'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import { bytesToBigInt, hexToBytesStrict, minimalBytes, toHex } from '../utils/bytes.ts'

export { WireType }

/** Writes a bytes field unless empty (proto3 default). */
export function writeBytes(w: BinaryWriter, field: number, value: Uint8Array): void {
  if (value.length > 0) w.tag(field, WireType.LengthDelimited).bytes(value)
}

/** Writes a 0x-hex bytes field unless empty. */
export function writeHex(w: BinaryWriter, field: number, value: Hex, what: string): void {
  writeBytes(w, field, hexToBytesStrict(value, what))
}

/** Writes a big integer as minimal big-endian bytes (zero = omitted). */
export function writeBigBytes(w: BinaryWriter, field: number, value: bigint, what: string): void {
  writeBytes(w, field, minimalBytes(value, what))
}

/** Writes an embedded message. */
export function writeMessage(w: BinaryWriter, field: number, body: (w: BinaryWriter) => void): void {
  w.tag(field, WireType.LengthDelimited).fork()
  body(w)
  w.join()
}

/** Throws PAYMENT_DECODE_FAILED unless the wire type is the expected one. */
export function expectWire(actual: WireType, expected: WireType, message: string, field: number): void {
  if (actual !== expected)
    throw new PaymentDecodeFailedError(`${message} field ${field}: wire type ${actual}, expected ${expected}`)
}

/** Reads a bytes field as hex. */
export function readHex(r: BinaryReader): Hex {
  return toHex(r.bytes())
}

/** Reads a big-endian bytes field as bigint. */
export function readBigBytes(r: BinaryReader): bigint {
  return bytesToBigInt(r.bytes())
}

/** Reads an int64 varint as bigint. */
export function readInt64(r: BinaryReader): bigint {
  return BigInt(r.int64())
}

/** Reads an uint64 varint as bigint. */
export function readUint64(r: BinaryReader): bigint {
  return BigInt(r.uint64())
}

/**
 * Iterates the fields of a message (or sub-message of `length` bytes), calling `onField` with
 * the field number and wire type; `onField` returns false for unknown fields, which are skipped.
 */
export function readFields(
  r: BinaryReader,
  length: number,
  onField: (field: number, wire: WireType) => boolean,
): void {
  const end = r.pos + length
  if (end > r.len) throw new PaymentDecodeFailedError('length beyond end of buffer')
  while (r.pos < end) {
    const [field, wire] = r.tag()
    if (field <= 0) throw new PaymentDecodeFailedError(`invalid field number ${field}`)
    if (!onField(field, wire)) r.skip(wire, field)
  }
  if (r.pos !== end) throw new PaymentDecodeFailedError('sub-message overruns its length')
}
