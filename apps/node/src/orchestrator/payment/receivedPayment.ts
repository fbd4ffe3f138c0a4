/** The decoded Payment (net.Payment, PROTOCOL.md §1.7) as the orchestrator's managers take it. */
import type { Address, Hex } from 'viem'
import type { PriceInfo } from './balanceLedger.ts'

/** Ticket params as quoted by this orchestrator and echoed by the gateway. */
export type PaymentTicketParams = {
  recipient: Address
  faceValue: bigint
  winProb: bigint
  recipientRandHash: Hex
  seed: bigint
  expirationBlock: bigint
}

/** One Payment: a batch of tickets sharing one params set. */
export type ReceivedPayment = {
  /** null when the wire field is empty. */
  sender: Address | null
  /** null when absent (a zero-price payment). */
  ticketParams: PaymentTicketParams | null
  /** Creation round and its block hash; null when absent. */
  expirationParams: { creationRound: bigint; creationRoundBlockHash: Hex } | null
  tickets: Array<{ senderNonce: bigint; sig: Hex }>
  /** null when absent. */
  expectedPrice: PriceInfo | null
}
