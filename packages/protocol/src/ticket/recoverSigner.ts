import { secp256k1 } from '@noble/curves/secp256k1'
import { getAddress, type Hex, keccak256, stringToBytes } from 'viem'
import { fixedBytes, hexToBytesStrict } from '../utils/bytes.ts'
import { SECP256K1_HALF_N } from './constants.ts'

const PREFIX = stringToBytes('\x19Ethereum Signed Message:\n32')

/** Why a signature fails the go-livepeer checks, or null when its shape is acceptable. */
export type SignatureShapeError = 'length' | 's' | 'v' | null

/**
 * Checks a signature's shape as go-livepeer does, in order: length 65, s ≤ n/2, v ∈ {27, 28}
 * (docs/protocol.md §1.2).
 *
 * @returns null when acceptable, else which check failed.
 * @example signatureShapeError('0x1234') // 'length'
 */
export function signatureShapeError(sig: Uint8Array): SignatureShapeError {
  if (sig.length !== 65) return 'length'
  let s = 0n
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(sig[i]!)
  if (s > SECP256K1_HALF_N) return 's'
  if (sig[64] !== 27 && sig[64] !== 28) return 'v'
  return null
}

/**
 * EIP-191 digest of a 32-byte message: keccak256("\x19Ethereum Signed Message:\n32" ‖ hash32).
 *
 * @example eip191Digest(ticketHash) // digest the ticket signer signs
 */
export function eip191Digest(hash32: Hex | Uint8Array): Uint8Array {
  const buf = new Uint8Array(PREFIX.length + 32)
  buf.set(PREFIX, 0)
  buf.set(fixedBytes(hash32, 32, 'hash'), PREFIX.length)
  return keccak256(buf, 'bytes')
}

/**
 * Recovers the address that signed a 32-byte message with EIP-191 personal_sign (no extra
 * keccak), applying go-livepeer's checks: length 65, low s, v 27/28 (docs/protocol.md §1.2). Used for
 * tickets and, over keccak256(message), for segment and other signatures.
 *
 * @param hash32 - the 32-byte message (a ticket hash, or keccak256 of segment bytes).
 * @param sig - r ‖ s ‖ v, 65 bytes.
 * @returns the checksummed signer address, or null when the signature is malformed or unrecoverable.
 * @example
 * recoverSigner(hashTicket(ticket), sig) // '0xA69c…606F'
 */
export function recoverSigner(hash32: Hex | Uint8Array, sig: Hex | Uint8Array): Hex | null {
  let bytes: Uint8Array
  let digest: Uint8Array
  try {
    bytes = typeof sig === 'string' ? hexToBytesStrict(sig, 'sig') : sig
    if (signatureShapeError(bytes) !== null) return null
    digest = eip191Digest(hash32)
  } catch {
    return null
  }
  try {
    const signature = secp256k1.Signature.fromCompact(bytes.subarray(0, 64)).addRecoveryBit(bytes[64]! - 27)
    const pub = signature.recoverPublicKey(digest).toRawBytes(false)
    const addr = keccak256(pub.subarray(1), 'bytes').subarray(12)
    let hex = '0x'
    for (const b of addr) hex += b.toString(16).padStart(2, '0')
    return getAddress(hex)
  } catch {
    return null
  }
}
