import type { Hex } from 'viem'
import { hashTicket } from './hashTicket.ts'
import { recoverSigner } from './recoverSigner.ts'
import type { Ticket } from './Ticket.ts'

/**
 * Recovers the signer of a ticket (EIP-191 over the ticket hash) with the length, low-s and v
 * checks of go-livepeer.
 *
 * @param ticket - the ticket.
 * @param sig - 65-byte signature.
 * @returns checksummed address, or null for a malformed signature or ticket.
 * @example
 * recoverTicketSigner(ticket, await signTicket(account, ticket)) // account.address
 */
export function recoverTicketSigner(ticket: Ticket, sig: Hex): Hex | null {
  let hash: Hex
  try {
    hash = hashTicket(ticket)
  } catch {
    return null
  }
  return recoverSigner(hash, sig)
}
