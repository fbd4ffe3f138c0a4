/**
 * TicketBroker.getSenderInfo(sender): a ticket sender's deposit, unlock state and reserve. The
 * gateway checks its own before paying; the orchestrator reads a sender's to size ticket params
 * and to refuse an unlocking sender; the chain clients return it.
 *
 * @example
 * const info: SenderInfo = { deposit: 10n ** 18n, withdrawRound: 0n, reserve: { fundsRemaining: 10n ** 18n, claimedInCurrentRound: 0n } }
 */
export type SenderInfo = {
  /** Deposit in wei. */
  deposit: bigint
  /** Round at which an unlock completes; 0 = no unlock in progress. */
  withdrawRound: bigint
  /** The reserve: wei remaining and wei claimed from it in the current round. */
  reserve: { fundsRemaining: bigint; claimedInCurrentRound: bigint }
}
