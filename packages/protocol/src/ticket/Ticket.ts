import type { Address, Hex } from 'viem'

/**
 * A Livepeer probabilistic micropayment ticket (docs/protocol.md §1.1), with bigints for numbers and
 * 0x-hex for bytes. `creationRound` and `creationRoundBlockHash` form the 64-byte auxData.
 */
export type Ticket = {
  /** Orchestrator ETH address (20 bytes). */
  recipient: Address
  /** Gateway ETH address, the ticket signer (20 bytes). */
  sender: Address
  /** Wei paid if the ticket wins. */
  faceValue: bigint
  /** Win probability numerator over 2^256 − 1. */
  winProb: bigint
  /** Sender nonce (uint32 in go-livepeer, hashed as uint256). */
  senderNonce: bigint
  /** keccak256(u256(recipientRand)) (32 bytes). */
  recipientRandHash: Hex
  /** Round in which the params were created. */
  creationRound: bigint
  /** L1 block hash of that round (32 bytes). */
  creationRoundBlockHash: Hex
}

/**
 * A winning ticket as TicketBroker.redeemWinningTicket takes it: the {@link Ticket} plus the
 * sender's signature over it and the recipientRand the orchestrator reveals. The settlement queue
 * and the chain clients all use this shape.
 *
 * @example
 * const t: WinningTicket = { ...ticket, sig, recipientRand }
 */
export type WinningTicket = Ticket & {
  /** 65-byte r‖s‖v signature by the sender. */
  sig: Hex
  /** The secret behind `recipientRandHash`. */
  recipientRand: bigint
}
