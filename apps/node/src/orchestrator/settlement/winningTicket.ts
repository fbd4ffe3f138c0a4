/** The shape of a winning ticket as the settlement layer keeps and redeems it. */
import type { Address, Hex } from 'viem'

/**
 * Everything needed to call `redeemWinningTicket` for one ticket (docs/protocol.md §2.5), plus its hash.
 *
 * @example
 * const t: WinningTicket = { ticketHash: '0x…', recipient, sender, faceValue: 10n ** 15n, … }
 */
export type WinningTicket = {
  /** keccak256 of the packed ticket (docs/protocol.md §1.1); the key of the queue. */
  ticketHash: Hex
  recipient: Address
  sender: Address
  /** wei */
  faceValue: bigint
  winProb: bigint
  senderNonce: bigint
  /** The secret the orchestrator reveals on chain. */
  recipientRand: bigint
  recipientRandHash: Hex
  /** 65-byte r‖s‖v signature. */
  sig: Hex
  creationRound: bigint
  creationRoundBlockHash: Hex
  /** L1 block after which the params are expired and the ticket may be redeemed. */
  paramsExpirationBlock: bigint
}

/** Lifecycle of a queued ticket: `pending` until a final on-chain outcome. */
export type WinningTicketStatus = 'pending' | 'redeemed' | 'failed'

/** A queued ticket with its bookkeeping. */
export type QueuedTicket = WinningTicket & {
  status: WinningTicketStatus
  /** Redemption attempts that ended in a retryable error. */
  attempts: number
  lastError: string | null
  txHash: Hex | null
  /** Session the ticket came from (metrics, logs). */
  sessionId: string | null
  receivedAt: number
}
