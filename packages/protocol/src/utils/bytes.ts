/**
 * Byte helpers with the go-ethereum conventions of docs/protocol.md §0: integers as 32-byte
 * big-endian words for hashing, minimal big-endian bytes on the wire (zero = empty),
 * fixed-size byte strings keep the rightmost bytes and left-pad.
 */
import { bytesToHex, type Hex } from 'viem'
import { HexInvalidError, ValueOutOfRangeError } from '../errors/encoding.ts'

/** 2^256 − 1. */
export const UINT256_MAX = (1n << 256n) - 1n

const HEX_RE = /^0x([0-9a-fA-F]{2})*$/

/**
 * Parses 0x-hex into bytes.
 * @throws HEX_INVALID
 * @example hexToBytesStrict('0x0102') // Uint8Array [1, 2]
 */
export function hexToBytesStrict(hex: string, what = 'value'): Uint8Array {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) throw new HexInvalidError(String(hex), what)
  const out = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16)
  return out
}

/**
 * Bytes of exactly `size` length: longer input keeps its rightmost bytes, shorter is left-padded.
 * @throws HEX_INVALID
 * @example fixedBytes('0x01', 2) // Uint8Array [0, 1]
 */
export function fixedBytes(value: string | Uint8Array, size: number, what = 'value'): Uint8Array {
  const b = typeof value === 'string' ? hexToBytesStrict(value, what) : value
  if (b.length === size) return b
  const out = new Uint8Array(size)
  if (b.length > size) out.set(b.subarray(b.length - size))
  else out.set(b, size - b.length)
  return out
}

/**
 * Writes `x` as a 32-byte big-endian word into `buf` at `offset`.
 * @throws VALUE_OUT_OF_RANGE when x < 0 or x ≥ 2^256.
 */
export function writeU256(buf: Uint8Array, offset: number, x: bigint, what = 'value'): void {
  if (x < 0n || x > UINT256_MAX) throw new ValueOutOfRangeError(x, what, UINT256_MAX)
  let v = x
  for (let i = 31; i >= 0 && v > 0n; i--) {
    buf[offset + i] = Number(v & 0xffn)
    v >>= 8n
  }
}

/**
 * 32-byte big-endian encoding of `x`.
 * @throws VALUE_OUT_OF_RANGE
 * @example u256(1n).length // 32
 */
export function u256(x: bigint, what = 'value'): Uint8Array {
  const out = new Uint8Array(32)
  writeU256(out, 0, x, what)
  return out
}

/**
 * Minimal big-endian bytes of a non-negative integer; zero is the empty byte string.
 * @throws VALUE_OUT_OF_RANGE when x < 0.
 * @example minimalBytes(256n) // Uint8Array [1, 0]
 */
export function minimalBytes(x: bigint, what = 'value'): Uint8Array {
  if (x < 0n) throw new ValueOutOfRangeError(x, what, UINT256_MAX)
  if (x === 0n) return new Uint8Array(0)
  let hex = x.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/**
 * Big-endian bytes to a non-negative bigint (empty = 0).
 * @example bytesToBigInt(new Uint8Array([1, 0])) // 256n
 */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n
  return BigInt(bytesToHex(b))
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Lowercase 0x-hex of bytes. */
export function toHex(b: Uint8Array): Hex {
  return bytesToHex(b)
}
