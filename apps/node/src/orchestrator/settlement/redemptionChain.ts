/**
 * The narrow chain interface the settlement layer needs. The node's ChainClient satisfies it
 * through an adapter (see `chainAdapter.ts`); tests can pass any implementation.
 */
import type { Address, Hex } from 'viem'
import type { WinningTicket } from './winningTicket.ts'

/** Sender deposit, unlock state and reserve as TicketBroker reports them. */
export type SenderInfo = {
  deposit: bigint
  /** 0 when no unlock is pending. */
  withdrawRound: bigint
  reserve: { fundsRemaining: bigint; claimedInCurrentRound: bigint }
}

/** Outcome of a mined redemption transaction. */
export type RedeemTxResult = { txHash: Hex }

/** Reads and writes used by the RedemptionLoop. */
export type RedemptionChain = {
  /** Latest L1 block number. */
  getBlockNumber(): Promise<bigint>
  /** RoundsManager.lastInitializedRound(). */
  getLastInitializedRound(): Promise<bigint>
  /** BondingManager.isActiveTranscoder(addr). */
  isActiveTranscoder(addr: Address): Promise<boolean>
  /** TicketBroker.usedTickets(hash). */
  isUsedTicket(ticketHash: Hex): Promise<boolean>
  /** Suggested gas price in wei. */
  getGasPrice(): Promise<bigint>
  /** TicketBroker.getSenderInfo(sender). */
  getSenderInfo(sender: Address): Promise<SenderInfo>
  /** TicketBroker.claimableReserve(sender, claimant): what `claimant` may still take this round. */
  claimableReserve(sender: Address, claimant: Address): Promise<bigint>
  /**
   * Sends redeemWinningTicket and waits for the receipt. Throws with the revert reason in the
   * message on a revert, or "transaction failed" when the mined tx has status 0.
   */
  redeemWinningTicket(ticket: WinningTicket): Promise<RedeemTxResult>
  /** Sends batchRedeemWinningTickets and waits for the receipt (per-ticket failures do not revert). */
  batchRedeemWinningTickets(tickets: WinningTicket[]): Promise<RedeemTxResult>
}
