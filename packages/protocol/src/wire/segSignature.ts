import { bytesToString, type Hex, stringToBytes } from 'viem'
import { videoProfileId } from '../profiles/videoProfiles.ts'
import type { TicketSigner } from '../ticket/signTicket.ts'
import { concatBytes, fixedBytes, u256 } from '../utils/bytes.ts'
import { SegmentSigInvalidError } from './errors.ts'
import type { SegData } from './gen/net_pb.ts'
import { signNodeMessage, verifyNodeSignature } from './nodeSignature.ts'
import { segDataProfiles } from './segProfiles.ts'

/** The SegData fields a gateway signs. */
export type SegSignedFields = {
  /** Manifest id: raw bytes, or a string taken as its UTF-8 bytes. */
  manifestId: Uint8Array | string
  /** Sequence number (a negative one is signed as its absolute value, as go-livepeer). */
  seq: bigint
  /** keccak256 of the segment bytes (32). */
  hash: Uint8Array
  /** Output profile names, in order (none for AI and live payments). */
  profileNames: readonly string[]
}

/**
 * The bytes a gateway signs for a segment (go-livepeer's `Flatten`): manifestId ‖ 32-byte
 * big-endian |seq| ‖ hash(32) ‖ the ASCII of the lower-case hex of the concatenated 4-byte
 * profile ids (keccak256(name)[0:4], 8 characters per profile).
 *
 * @throws HEX_INVALID
 * @example segFlatten({ manifestId: 'abcdef01', seq: 0n, hash: keccak256(new Uint8Array(), 'bytes'), profileNames: [] }).length // 72
 */
export function segFlatten(fields: SegSignedFields): Uint8Array {
  const manifest =
    typeof fields.manifestId === 'string' ? stringToBytes(fields.manifestId) : fields.manifestId
  const seq = fields.seq < 0n ? -fields.seq : fields.seq
  return concatBytes(
    manifest,
    u256(seq, 'seq'),
    fixedBytes(fields.hash, 32, 'hash'),
    stringToBytes(fields.profileNames.map(videoProfileId).join('')),
  )
}

/**
 * The signed fields of a SegData, with the profile names read as an orchestrator reads them
 * (first non-empty of fields 35, 34, 33).
 */
export function segSignedFields(seg: SegData): SegSignedFields {
  return {
    manifestId: seg.manifestId,
    seq: seg.seq,
    hash: seg.hash,
    profileNames: segDataProfiles(seg).map((p) => p.name),
  }
}

/**
 * Signs a SegData (gateway): the node signature over {@link segFlatten} of its fields.
 * @returns the 65-byte signature for `seg.sig`.
 * @example seg.sig = await signSegData(account, seg)
 */
export async function signSegData(account: TicketSigner, seg: SegData): Promise<Uint8Array> {
  return signNodeMessage(account, segFlatten(segSignedFields(seg)))
}

/**
 * Checks a SegData signature (orchestrator): it must recover to the payment's sender. Off chain
 * every signature passes, as in go-livepeer.
 * @throws WIRE_SEGMENT_SIG_INVALID (`ErrSegSig`)
 * @example verifySegData(seg, payment.sender, { offchain: false })
 */
export function verifySegData(seg: SegData, sender: Hex | Uint8Array, options: { offchain: boolean }): void {
  if (options.offchain) return
  if (!verifyNodeSignature(sender, segFlatten(segSignedFields(seg)), seg.sig))
    throw new SegmentSigInvalidError(`manifest ${bytesToString(seg.manifestId)} seq ${seg.seq}`)
}
