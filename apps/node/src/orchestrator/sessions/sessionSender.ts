/**
 * Who a new session belongs to, for payments: the sender its WHIP offer names (`sender`) and signs
 * (`senderSig`, see @prism/protocol `signWhipOffer`). A paid node requires both, and the session
 * then takes payments from that sender only; a free node takes offers without them. A signature,
 * when given, must be right on any node.
 */
import { verifyWhipOffer } from '@prism/protocol'
import type { Hex } from 'viem'
import { SessionSenderRequiredError, SessionSenderSigInvalidError } from '../errors.ts'

/** What the offer says about its sender. */
export type SessionSenderClaim = {
  streamId: string
  offerSdp: string
  sender?: string | undefined
  senderSig?: string | undefined
}

/**
 * The session's bound sender, or undefined for an unbound session (free node, no signature).
 *
 * @param required - true on a paid node.
 * @throws SessionSenderRequiredError (`SESSION_SENDER_REQUIRED`, 401) when `required` and the offer
 *   is not signed; SessionSenderSigInvalidError (`SESSION_SENDER_SIG_INVALID`, 403) when the
 *   signature is not the sender's signature of this offer and stream.
 * @example
 * const sender = bindSessionSender({ streamId, offerSdp, sender, senderSig }, !payments.isFree())
 */
export function bindSessionSender(claim: SessionSenderClaim, required: boolean): string | undefined {
  const { sender, senderSig } = claim
  if (senderSig === undefined) {
    if (required)
      throw new SessionSenderRequiredError(
        sender ? 'sender given without senderSig' : 'no sender and senderSig in the offer',
      )
    return undefined
  }
  if (!sender) throw new SessionSenderRequiredError('senderSig given without sender')
  const offer = { stream: claim.streamId, offerSdp: claim.offerSdp }
  if (!verifyWhipOffer(offer, sender as Hex, senderSig as Hex)) throw new SessionSenderSigInvalidError(sender)
  return sender
}
