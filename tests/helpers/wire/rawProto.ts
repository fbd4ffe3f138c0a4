/**
 * A protobuf writer and reader by hand (varints, length-delimited fields), for interop tests that
 * must not use the code under test (@bufbuild/protobuf and Prism's wire module): the bytes are
 * built and read field by field, as the .proto's tables say.
 */

/** One field to write: a varint, or bytes (strings as UTF-8, nested messages as their bytes). */
export type RawField = [field: number, value: bigint | number | boolean | Uint8Array | string]

function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n)
  const out: number[] = []
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) b |= 0x80
    out.push(b)
  } while (v > 0n)
  return out
}

/**
 * The body of a packed repeated varint field (e.g. Capabilities.bitstring).
 * @example rawMessage([[1, packedVarints([4099n])]])
 */
export function packedVarints(values: readonly bigint[]): Uint8Array {
  return Uint8Array.from(values.flatMap((v) => varint(v)))
}

/**
 * Encodes fields in the order given (write them in field-number order, as protobuf-go does).
 * @example rawMessage([[1, new TextEncoder().encode('abc')], [2, 7n]])
 */
export function rawMessage(fields: readonly RawField[]): Uint8Array {
  const out: number[] = []
  for (const [field, value] of fields) {
    if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') {
      out.push(...varint(BigInt(field << 3)), ...varint(BigInt(value)))
    } else {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value
      out.push(...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes)
    }
  }
  return Uint8Array.from(out)
}

/** A decoded field: varint value or the raw bytes of a length-delimited one. */
export type RawValue = bigint | Uint8Array

/**
 * Decodes a message into field number → values (in order). Only varint and length-delimited
 * wire types (the net messages use no others); throws on anything else or a truncated field.
 */
export function readRawMessage(bytes: Uint8Array): Map<number, RawValue[]> {
  const out = new Map<number, RawValue[]>()
  let i = 0
  const readVarint = (): bigint => {
    let shift = 0n
    let v = 0n
    for (;;) {
      if (i >= bytes.length) throw new Error('truncated varint')
      const b = bytes[i++]!
      v |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return v
      shift += 7n
    }
  }
  while (i < bytes.length) {
    const key = readVarint()
    const field = Number(key >> 3n)
    const type = Number(key & 7n)
    let value: RawValue
    if (type === 0) value = readVarint()
    else if (type === 2) {
      const len = Number(readVarint())
      if (i + len > bytes.length) throw new Error('truncated field')
      value = bytes.subarray(i, i + len)
      i += len
    } else throw new Error(`unexpected wire type ${type}`)
    out.set(field, [...(out.get(field) ?? []), value])
  }
  return out
}
