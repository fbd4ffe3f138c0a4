import { type Hex, keccak256 } from 'viem'
import { recoverSigner } from '../ticket/recoverSigner.ts'
import { normalizeSignature, type TicketSigner } from '../ticket/signTicket.ts'
import { fixedBytes, hexToBytesStrict, toHex } from '../utils/bytes.ts'

/** The 20 zero bytes an off-chain node uses as its address. */
export const ZERO_ADDRESS_BYTES: Uint8Array = new Uint8Array(20)

/**
 * A node's signature over a message as go-livepeer makes it: the Ethereum personal-message
 * signature (r ‖ s ‖ v, v 27/28, low s) over keccak256(msg). Used for the discovery request, the
 * segment credentials and Ping.
 * @example const sig = await signNodeMessage(account, orchestratorRequestMessage(account.address))
 */
export async function signNodeMessage(account: TicketSigner, msg: Uint8Array): Promise<Uint8Array> {
  return signNodeHash(account, keccak256(msg, 'bytes'))
}

/**
 * The personal-message signature over an already computed 32-byte hash, without the extra keccak
 * (transcode results and tickets are signed this way).
 * @example await signNodeHash(account, transcodeResultHash(renditions))
 */
export async function signNodeHash(account: TicketSigner, hash32: Uint8Array): Promise<Uint8Array> {
  const raw = await account.signMessage({ message: { raw: toHex(fixedBytes(hash32, 32, 'hash')) } })
  return hexToBytesStrict(normalizeSignature(raw), 'signature')
}

/**
 * go-livepeer's `VerifySig`: true when `sig` (65 bytes, low s, v 27/28) over keccak256(msg)
 * recovers to `address`.
 * @example verifyNodeSignature(req.address, orchestratorRequestMessage(req.address), req.sig)
 */
export function verifyNodeSignature(address: Hex | Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  return sameAddress(recoverSigner(keccak256(msg, 'bytes'), sig), address)
}

/** True when a recovered signer (or null) equals `address` (20 bytes or 0x-hex, any case). */
export function sameAddress(signer: Hex | null, address: Hex | Uint8Array): boolean {
  if (!signer) return false
  const want = typeof address === 'string' ? address : toHex(fixedBytes(address, 20, 'address'))
  return signer.toLowerCase() === want.toLowerCase()
}
