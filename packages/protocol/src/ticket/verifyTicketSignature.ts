import type { Address, Hex } from 'viem'
import { recoverTicketSigner } from './recoverTicketSigner.ts'
import type { Ticket } from './Ticket.ts'

/**
 * True when `sig` is a valid 65-byte EIP-191 signature over the ticket hash by `sender`, with
 * s ≤ n/2 and v ∈ {27, 28} (docs/protocol.md §1.2). Never throws.
 *
 * @param ticket - the ticket.
 * @param sig - 65-byte signature.
 * @param sender - expected signer (compared case-insensitively).
 * @example
 * verifyTicketSignature(ticket, sig, ticket.sender) // true
 */
export function verifyTicketSignature(ticket: Ticket, sig: Hex, sender: Address): boolean {
  const signer = recoverTicketSigner(ticket, sig)
  return signer !== null && typeof sender === 'string' && signer.toLowerCase() === sender.toLowerCase()
}
