import { type Hex, keccak256 } from 'viem'
import { fixedBytes, writeU256 } from '../utils/bytes.ts'
import type { Ticket } from './Ticket.ts'
import { ticketAuxDataBytes } from './ticketAuxData.ts'

/** Parameter of {@link hashTicket}. */
export type HashTicketParameters = Ticket
/** Return type of {@link hashTicket}: 32-byte 0x-hex. */
export type HashTicketReturnType = Hex

/**
 * The ticket hash: keccak256(recipient20 ‖ sender20 ‖ u256(faceValue) ‖ u256(winProb) ‖
 * u256(senderNonce) ‖ recipientRandHash32 ‖ auxData) (docs/protocol.md §1.1), equal to
 * TicketBroker.getTicketHash. 232 packed bytes with auxData, 168 without.
 *
 * @param ticket - the ticket.
 * @returns the 32-byte hash as 0x-hex.
 * @throws VALUE_OUT_OF_RANGE (a number outside uint256), HEX_INVALID (malformed bytes).
 * @example
 * const hash = hashTicket({ recipient, sender, faceValue: 1200000000000000n, winProb, senderNonce: 1n,
 *   recipientRandHash, creationRound: 3000n, creationRoundBlockHash })
 */
export function hashTicket(ticket: HashTicketParameters): HashTicketReturnType {
  return keccak256(ticketHashPreimage(ticket))
}

/** The packed bytes that {@link hashTicket} hashes (232 bytes, or 168 with empty auxData). */
export function ticketHashPreimage(ticket: Ticket): Uint8Array {
  const aux = ticketAuxDataBytes(ticket.creationRound, ticket.creationRoundBlockHash)
  const buf = new Uint8Array(168 + aux.length)
  buf.set(fixedBytes(ticket.recipient, 20, 'recipient'), 0)
  buf.set(fixedBytes(ticket.sender, 20, 'sender'), 20)
  writeU256(buf, 40, ticket.faceValue, 'faceValue')
  writeU256(buf, 72, ticket.winProb, 'winProb')
  writeU256(buf, 104, ticket.senderNonce, 'senderNonce')
  buf.set(fixedBytes(ticket.recipientRandHash, 32, 'recipientRandHash'), 136)
  buf.set(aux, 168)
  return buf
}
