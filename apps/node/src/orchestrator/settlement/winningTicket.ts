/** The settlement queue's bookkeeping around a protocol WinningTicket. */
import type { WinningTicket } from '@prism/protocol'
import type { Hex } from 'viem'

/** Lifecycle of a queued ticket: `pending` until a final on-chain outcome. */
export type WinningTicketStatus = 'pending' | 'redeemed' | 'failed'

/**
 * A winning ticket in the queue: the ticket as redeemWinningTicket takes it, plus what the store
 * adds (its key, when it becomes due, its redemption state).
 */
export type QueuedTicket = WinningTicket & {
  /** keccak256 of the packed ticket (hashTicket); the key of the queue. */
  ticketHash: Hex
  /** L1 block after which the params are expired and the ticket is redeemed. */
  paramsExpirationBlock: bigint
  status: WinningTicketStatus
  /** Redemption attempts that ended in a retryable error. */
  attempts: number
  lastError: string | null
  txHash: Hex | null
  /** Session the ticket came from (metrics, logs). */
  sessionId: string | null
  receivedAt: number
}
