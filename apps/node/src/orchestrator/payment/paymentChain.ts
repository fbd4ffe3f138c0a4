/**
 * The chain as the orchestrator's payment, settlement and reward managers see it: one small
 * type, {@link OrchestratorChain}, built from the @prism/protocol chain actions over one client by
 * {@link orchestratorChain}. Each manager takes the part it reads (`PaymentChain`,
 * `RedemptionChain`, `RewardChain`); tests pass any implementation.
 */
import {
  batchRedeemWinningTickets,
  type ChainClient,
  getBlockHashForRound,
  getBlockNumber,
  getClaimableReserve,
  getGasPrice,
  getLastInitializedRound,
  getPendingFees,
  getRoundInfo,
  getSenderInfo,
  getTicketValidityPeriod,
  getTranscoder,
  isActiveTranscoder,
  isTicketUsed,
  redeemWinningTicket,
  reward,
  type SenderInfo,
  type WinningTicket,
  withdrawFees,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import type { RoundTiming } from '../settlement/ticketWindow.ts'

/** Outcome of a mined redemption transaction. */
export type RedeemTxResult = { txHash: Hex }

/** Chain reads and writes of an orchestrator. Every failure is a typed chain error (`CHAIN_*`). */
export type OrchestratorChain = {
  /** Latest block number. */
  getBlockNumber(): Promise<bigint>
  /** RoundsManager.lastInitializedRound(). */
  getLastInitializedRound(): Promise<bigint>
  /** RoundsManager.blockHashForRound(round); zero hash when the round was never initialized. */
  blockHashForRound(round: bigint): Promise<Hex>
  /** Suggested gas price in wei. */
  getGasPrice(): Promise<bigint>
  /** BondingManager.isActiveTranscoder(addr). */
  isActiveTranscoder(addr: Address): Promise<boolean>
  /** TicketBroker.getSenderInfo(sender). */
  getSenderInfo(sender: Address): Promise<SenderInfo>
  /** TicketBroker.claimableReserve(sender, claimant): what `claimant` may still take this round. */
  claimableReserve(sender: Address, claimant: Address): Promise<bigint>
  /** TicketBroker.usedTickets(hash). */
  isUsedTicket(ticketHash: Hex): Promise<boolean>
  /** Sends redeemWinningTicket and waits for the receipt; CHAIN_REVERT carries the revert string. */
  redeemWinningTicket(ticket: WinningTicket): Promise<RedeemTxResult>
  /** Sends batchRedeemWinningTickets and waits for the receipt (per-ticket failures do not revert). */
  batchRedeemWinningTickets(tickets: WinningTicket[]): Promise<RedeemTxResult>
  /** BondingManager.getTranscoder(addr).lastRewardRound. */
  getLastRewardRound(addr: Address): Promise<bigint>
  /** Sends reward() and waits for the receipt; `amount` is the minted LPT (wei) when known. */
  reward(): Promise<{ txHash: Hex; amount?: bigint }>
  /**
   * Current round, its start block, the round length and TicketBroker.ticketValidityPeriod: what
   * bounds ticket params and schedules redemption inside a ticket's on-chain window. Optional:
   * without it params live their fixed lifetime and redemption waits for params expiry only.
   */
  getRoundTiming?(): Promise<RoundTiming>
  /** BondingManager.pendingFees(addr, currentRound): fees `withdrawFees` can send now, wei. */
  getPendingFees?(addr: Address): Promise<bigint>
  /** Sends withdrawFees(recipient, amount) from the node's account and waits for the receipt. */
  withdrawFees?(recipient: Address, amount: bigint): Promise<{ txHash: Hex }>
}

/** What the FeeWithdrawer reads and sends. */
export type FeeChain = Pick<OrchestratorChain, 'getLastInitializedRound'> &
  Required<Pick<OrchestratorChain, 'getPendingFees' | 'withdrawFees'>>

/** What the PaymentManager (chain view, ticket params, ticket checks) reads. */
export type PaymentChain = Omit<OrchestratorChain, 'getLastRewardRound' | 'reward'>

/** What the RedemptionLoop reads and sends. */
export type RedemptionChain = Omit<PaymentChain, 'blockHashForRound'>

/** What the RewardService reads and sends. */
export type RewardChain = Pick<
  OrchestratorChain,
  'getLastInitializedRound' | 'isActiveTranscoder' | 'getLastRewardRound' | 'reward'
>

/**
 * The {@link OrchestratorChain} of a chain client whose wallet is the orchestrator's account
 * (redemption and reward send transactions from it).
 *
 * @example
 * const chain = orchestratorChain(createChainClient({ network, rpcUrl, account: ethKey }), { redeemGas: network.redeemGas })
 * new RedemptionLoop({ store, chain, recipient, redeemGas })
 */
export function orchestratorChain(client: ChainClient, opts: { redeemGas: bigint }): OrchestratorChain {
  return {
    getBlockNumber: () => getBlockNumber(client),
    getLastInitializedRound: () => getLastInitializedRound(client),
    blockHashForRound: (round) => getBlockHashForRound(client, { round }),
    getGasPrice: () => getGasPrice(client),
    isActiveTranscoder: (address) => isActiveTranscoder(client, { address }),
    getSenderInfo: (sender) => getSenderInfo(client, { sender }),
    claimableReserve: (sender, claimant) => getClaimableReserve(client, { sender, claimant }),
    isUsedTicket: (ticketHash) => isTicketUsed(client, { ticketHash }),
    redeemWinningTicket: async (ticket) => ({
      txHash: (await redeemWinningTicket(client, { ticket })).txHash,
    }),
    batchRedeemWinningTickets: async (tickets) => ({
      txHash: (await batchRedeemWinningTickets(client, { tickets, redeemGas: opts.redeemGas })).txHash,
    }),
    getLastRewardRound: async (address) => (await getTranscoder(client, { address })).lastRewardRound,
    reward: async () => {
      const r = await reward(client)
      return { txHash: r.txHash, amount: r.amount }
    },
    getPendingFees: (delegator) => getPendingFees(client, { delegator }),
    withdrawFees: async (recipient, amount) => {
      const r = await withdrawFees(client, { recipient, amount })
      if (!r) throw new Error('withdrawFees sent nothing')
      return { txHash: r.txHash }
    },
    getRoundTiming: async () => {
      const [info, ticketValidityPeriod] = await Promise.all([
        getRoundInfo(client),
        getTicketValidityPeriod(client),
      ])
      return {
        currentRound: info.currentRound,
        currentRoundStartBlock: info.currentRoundStartBlock,
        roundLength: info.roundLength,
        ticketValidityPeriod,
      }
    },
  }
}
