/**
 * SegData (`Livepeer-Segment` header, PROTOCOL.md §1.8): protobuf encode/decode of the fields a
 * transcoding segment needs (1 manifestId, 2 seq, 3 hash, 4 profiles, 5 sig, 6 duration), the
 * signed bytes and EIP-191 signing/verification. Unknown fields are skipped when decoding.
 */
import type { LocalAccount } from 'viem'
import { bytesToHex, keccak256, recoverMessageAddress } from 'viem'
import { SegmentSigInvalidError } from './errors.ts'

/** The SegData fields Prism uses. */
export type SegData = {
  /** Stream (manifest) ID, raw bytes (Prism uses the UTF-8 stream name). */
  manifestId: Uint8Array
  seq: bigint
  /** keccak256 of the segment body (32 bytes). */
  hash: Uint8Array
  /** Concatenated 4-byte profile IDs. */
  profiles: Uint8Array
  /** 65-byte EIP-191 signature over {@link segmentSignedBytes}. */
  sig: Uint8Array
  /** Segment duration in milliseconds. */
  durationMs: number
}

function varint(out: number[], v: bigint): void {
  let x = BigInt.asUintN(64, v)
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
}

function bytesField(out: number[], field: number, b: Uint8Array): void {
  if (b.length === 0) return
  varint(out, BigInt((field << 3) | 2))
  varint(out, BigInt(b.length))
  for (const x of b) out.push(x)
}

function intField(out: number[], field: number, v: bigint): void {
  if (v === 0n) return
  varint(out, BigInt(field << 3))
  varint(out, v)
}

/**
 * Serializes SegData as protobuf bytes (proto3: zero and empty fields are omitted).
 *
 * @example
 * const bytes = encodeSegData(seg); decodeSegData(bytes).seq === seg.seq
 */
export function encodeSegData(seg: SegData): Uint8Array {
  const out: number[] = []
  bytesField(out, 1, seg.manifestId)
  intField(out, 2, seg.seq)
  bytesField(out, 3, seg.hash)
  bytesField(out, 4, seg.profiles)
  bytesField(out, 5, seg.sig)
  intField(out, 6, BigInt(seg.durationMs))
  return Uint8Array.from(out)
}

/**
 * Parses protobuf SegData bytes.
 *
 * @throws SegmentSigInvalidError (`SEGMENT_SIG_INVALID`) when the bytes are not valid protobuf.
 * @example
 * decodeSegData(encodeSegData(seg))
 */
export function decodeSegData(bytes: Uint8Array): SegData {
  const seg: SegData = {
    manifestId: new Uint8Array(),
    seq: 0n,
    hash: new Uint8Array(),
    profiles: new Uint8Array(),
    sig: new Uint8Array(),
    durationMs: 0,
  }
  let i = 0
  const readVarint = (): bigint => {
    let shift = 0n
    let v = 0n
    for (;;) {
      if (i >= bytes.length || shift > 63n) throw new SegmentSigInvalidError('truncated SegData varint')
      const b = bytes[i++]!
      v |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return v
      shift += 7n
    }
  }
  while (i < bytes.length) {
    const key = Number(readVarint())
    const field = key >>> 3
    const wire = key & 7
    if (wire === 0) {
      const v = readVarint()
      if (field === 2) seg.seq = BigInt.asIntN(64, v)
      else if (field === 6) seg.durationMs = Number(BigInt.asIntN(32, v))
    } else if (wire === 2) {
      const len = Number(readVarint())
      if (i + len > bytes.length) throw new SegmentSigInvalidError('truncated SegData field')
      const b = bytes.slice(i, i + len)
      i += len
      if (field === 1) seg.manifestId = b
      else if (field === 3) seg.hash = b
      else if (field === 4) seg.profiles = b
      else if (field === 5) seg.sig = b
    } else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else throw new SegmentSigInvalidError(`unsupported protobuf wire type ${wire}`)
  }
  if (i > bytes.length) throw new SegmentSigInvalidError('truncated SegData')
  return seg
}

/**
 * The bytes a broadcaster signs (PROTOCOL.md §1.8): manifestId ‖ u256(seq) ‖ hash ‖ lowercase hex
 * of the concatenated profile IDs.
 *
 * @example
 * segmentSignedBytes(seg).length // manifestId.length + 64 + 2 * profiles.length
 */
export function segmentSignedBytes(
  seg: Pick<SegData, 'manifestId' | 'seq' | 'hash' | 'profiles'>,
): Uint8Array {
  const seq = Buffer.from(BigInt.asUintN(256, seg.seq).toString(16).padStart(64, '0'), 'hex')
  const hex = Buffer.from(Buffer.from(seg.profiles).toString('hex'), 'ascii')
  return Uint8Array.from(Buffer.concat([seg.manifestId, seq, seg.hash, hex]))
}

/**
 * Builds and signs the SegData for one segment body.
 *
 * @example
 * const seg = await signSegment(account, { manifestId, seq: 3n, body, profiles, durationMs: 2000 })
 */
export async function signSegment(
  account: LocalAccount,
  args: { manifestId: Uint8Array; seq: bigint; body: Uint8Array; profiles: Uint8Array; durationMs: number },
): Promise<SegData> {
  const hash = Buffer.from(keccak256(args.body).slice(2), 'hex')
  const unsigned = { manifestId: args.manifestId, seq: args.seq, hash, profiles: args.profiles }
  const digest = keccak256(segmentSignedBytes(unsigned))
  const sigHex = await account.signMessage({ message: { raw: digest } })
  return { ...unsigned, sig: Buffer.from(sigHex.slice(2), 'hex'), durationMs: args.durationMs }
}

/**
 * Recovers the address that signed `seg` (EIP-191 over keccak256 of the signed bytes).
 *
 * @throws SegmentSigInvalidError (`SEGMENT_SIG_INVALID`) when the signature is malformed.
 * @example
 * await recoverSegmentSigner(seg) // '0xf39F…'
 */
export async function recoverSegmentSigner(seg: SegData): Promise<`0x${string}`> {
  if (seg.sig.length !== 65) throw new SegmentSigInvalidError(`signature of ${seg.sig.length} bytes`)
  try {
    const digest = keccak256(segmentSignedBytes(seg))
    return await recoverMessageAddress({ message: { raw: digest }, signature: bytesToHex(seg.sig) })
  } catch (err) {
    throw new SegmentSigInvalidError(`signature does not recover: ${(err as Error).message}`)
  }
}
