/**
 * The signature that binds a WHIP session to its ticket sender (see docs/payments.md, "Sessions
 * belong to their sender"). The gateway signs, with the key that signs its tickets, the message
 * `"prism-whip-offer:v1:" ‖ stream ‖ ":" ‖ keccak256(offer SDP)`, as go-livepeer signs its other
 * messages: EIP-191 over keccak256(message), r ‖ s ‖ v with v 27/28 and low s. The offer carries
 * a fresh DTLS fingerprint and ICE credentials, so a signature serves one peer connection only: a
 * replayed offer creates a session nobody can connect to.
 */
import { type Hex, keccak256, stringToBytes } from 'viem'
import type { TicketSigner } from '../ticket/signTicket.ts'
import { hexToBytesStrict, toHex } from '../utils/bytes.ts'
import { signNodeMessage, verifyNodeSignature } from '../wire/nodeSignature.ts'

/** What a WHIP offer signature covers. */
export type WhipOffer = {
  /** The stream id of the WHIP path (`/live/{stream}/whip`). */
  stream: string
  /** The offer SDP exactly as POSTed. */
  offerSdp: string
}

/**
 * The signed message of a WHIP offer.
 *
 * @example whipOfferMessage({ stream: 'cam1', offerSdp: pc.localDescription.sdp })
 */
export function whipOfferMessage(offer: WhipOffer): Uint8Array {
  const head = stringToBytes(`prism-whip-offer:v1:${offer.stream}:`)
  const sdpHash = keccak256(stringToBytes(offer.offerSdp), 'bytes')
  const msg = new Uint8Array(head.length + sdpHash.length)
  msg.set(head, 0)
  msg.set(sdpHash, head.length)
  return msg
}

/**
 * Signs a WHIP offer with the sender's key (a viem account, or any `signMessage`).
 *
 * @returns the 65-byte signature as 0x-hex, sent as the WHIP POST's `senderSig` query parameter.
 * @throws TICKET_SIG_INVALID when the signer returns something that is not a 65-byte signature.
 * @example
 * const senderSig = await signWhipOffer(account, { stream: 'cam1', offerSdp })
 */
export async function signWhipOffer(account: TicketSigner, offer: WhipOffer): Promise<Hex> {
  return toHex(await signNodeMessage(account, whipOfferMessage(offer)))
}

/**
 * True when `sig` is `sender`'s signature of the offer (malformed signatures are false).
 *
 * @example verifyWhipOffer({ stream, offerSdp }, sender, senderSig) // true
 */
export function verifyWhipOffer(offer: WhipOffer, sender: Hex, sig: Hex): boolean {
  let bytes: Uint8Array
  try {
    bytes = hexToBytesStrict(sig, 'senderSig')
  } catch {
    return false
  }
  return verifyNodeSignature(sender, whipOfferMessage(offer), bytes)
}
