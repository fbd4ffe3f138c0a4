import { type Hex, keccak256, stringToBytes } from 'viem'
import { getVideoProfile } from '../profiles/videoProfiles.ts'
import { recoverSigner } from '../ticket/recoverSigner.ts'
import { normalizeSignature, type TicketSigner } from '../ticket/signTicket.ts'
import { concatBytes, fixedBytes, hexToBytesStrict, u256 } from '../utils/bytes.ts'

/** The SegData fields that the gateway signs. */
export type SegmentSignedFields = {
  /** Manifest id (raw bytes of the string). */
  manifestId: string
  /** Segment sequence number. */
  seq: bigint
  /** keccak256 of the segment bytes (keccak256("") for AI and live payments). */
  hash: Hex
  /** Concatenated 4-byte profile ids (SegData.profiles). */
  profiles: Hex
}

/** keccak256 of the empty string: the segment hash of AI and live payments (seq 0). */
export const EMPTY_SEGMENT_HASH: Hex = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'

/**
 * The bytes a gateway signs for segment credentials (docs/protocol.md §1.8): manifestID ‖ u256(seq)
 * ‖ hash(32) ‖ ASCII lowercase hex of the concatenated 4-byte profile ids.
 *
 * @throws HEX_INVALID, VALUE_OUT_OF_RANGE
 * @example segmentSignedBytes({ manifestId: 'abcd1234', seq: 0n, hash: EMPTY_SEGMENT_HASH, profiles: '0x' })
 */
export function segmentSignedBytes(seg: SegmentSignedFields): Uint8Array {
  const profilesHex = toLowerHex(hexToBytesStrict(seg.profiles, 'profiles'))
  return concatBytes(
    stringToBytes(seg.manifestId),
    u256(seg.seq, 'seq'),
    fixedBytes(seg.hash, 32, 'hash'),
    stringToBytes(profilesHex),
  )
}

function toLowerHex(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += x.toString(16).padStart(2, '0')
  return s
}

/**
 * SegData.profiles for profile names: the concatenated 4-byte ids.
 * @throws PROFILE_UNKNOWN
 * @example profilesToBytes(['P240p30fps16x9']) // '0xc0a6517a'
 */
export function profilesToBytes(names: readonly string[]): Hex {
  return `0x${names.map((n) => getVideoProfile(n).id).join('')}`
}

/**
 * Signs segment credentials: EIP-191 over keccak256(segmentSignedBytes), v 27/28, low s.
 * @example seg.sig = await signSegment(account, seg)
 */
export async function signSegment(account: TicketSigner, seg: SegmentSignedFields): Promise<Hex> {
  const raw = await account.signMessage({ message: { raw: keccak256(segmentSignedBytes(seg)) } })
  return normalizeSignature(raw)
}

/**
 * Recovers the signer of segment credentials (same checks as tickets), or null.
 * @example recoverSegmentSigner(seg, seg.sig) === gatewayAddress
 */
export function recoverSegmentSigner(seg: SegmentSignedFields, sig: Hex): Hex | null {
  try {
    return recoverSigner(keccak256(segmentSignedBytes(seg)), sig)
  } catch {
    return null
  }
}
