/** Options, inputs and results of {@link ChainClient}. */
import type { Network, Ticket } from '@prism/protocol'
import type { Address, Hex, LocalAccount } from 'viem'

/** Options of a ChainClient. */
export type ChainClientOptions = {
  /** Network preset (from `getNetwork`). */
  network: Network
  /** JSON-RPC endpoint. Default: `network.rpcUrl` (required for arbitrum-one). */
  rpcUrl?: string
  /** Signing account (private key or viem local account). Without it, only reads work. */
  account?: Hex | LocalAccount
  /** Poll interval for receipts and block watching, in ms. Default: 1000 (200 on dev). */
  pollingIntervalMs?: number
  /** How long to wait for a transaction receipt, in ms. Default: 120000. */
  receiptTimeoutMs?: number
}

/** TicketBroker.getSenderInfo(sender). */
export type SenderInfo = {
  deposit: bigint
  /** 0 when no unlock is pending. */
  withdrawRound: bigint
  reserve: { fundsRemaining: bigint; claimedInCurrentRound: bigint }
}

/** A sender's funds as seen by one orchestrator (docs/protocol.md §2.4). */
export type SenderFunds = SenderInfo & {
  /** Active pool size (getTranscoderPoolSize). */
  poolSize: bigint
  /** What this recipient has claimed from the reserve this round. */
  claimedReserve: bigint
  /** ⌊(fundsRemaining + claimedInCurrentRound) / poolSize⌋ − claimedReserve; 0 if poolSize = 0. */
  reserveAlloc: bigint
  /** reserveAlloc if pending > 0 and deposit/pending ≥ 3, else reserveAlloc − pending (never below 0). */
  maxFloat: bigint
  /** reserveAlloc + deposit − pending (never below 0). */
  availableFunds: bigint
}

/** A winning ticket with what redemption needs besides the ticket: the signature and the revealed rand. */
export type RedeemableTicket = Ticket & {
  /** 65-byte r‖s‖v signature by the sender. */
  sig: Hex
  /** The secret behind recipientRandHash. */
  recipientRand: bigint
}

/** Outcome of a mined write. */
export type TxResult = {
  txHash: Hex
  blockNumber: bigint
  gasUsed: bigint
  /** Wei per gas actually paid (gasUsed × effectiveGasPrice = fee). */
  effectiveGasPrice: bigint
}

/** Outcome of redeemWinningTicket. */
export type RedeemResult = TxResult & {
  /** Wei transferred to the recipient (WinningTicketTransfer amount; 0 when the sender had nothing). */
  amount: bigint
}

/** Outcome of batchRedeemWinningTickets: one entry per ticket, in order. */
export type BatchRedeemResult = TxResult & {
  /** Whether each ticket was redeemed (a failing ticket does not revert the batch). */
  redeemed: boolean[]
  /** Wei transferred for each ticket (0 when not redeemed). */
  amounts: bigint[]
}

/** Outcome of reward(). */
export type RewardResult = TxResult & { amount: bigint }

/** Round state of RoundsManager. */
export type RoundInfo = {
  /** Latest block number at the time of reading. */
  blockNumber: bigint
  currentRound: bigint
  lastInitializedRound: bigint
  currentRoundInitialized: boolean
  currentRoundStartBlock: bigint
  roundLength: bigint
  /** blockHashForRound(lastInitializedRound). */
  lastInitializedBlockHash: Hex
}

/** Registration of an orchestrator (dev chain: stake is free, self-bond only). */
export type RegisterTranscoderParameters = {
  /** Self-stake. */
  stake: bigint
  /** Share of rewards kept, parts per million. Default: 100000 (10%). */
  rewardCut?: bigint
  /** Share of fees given to delegators, parts per million. Default: 500000 (50%). */
  feeShare?: bigint
  /** Service URI to publish, if any. */
  serviceUri?: string
}

/** BondingManager.getTranscoder(addr) (Prism's field set). */
export type TranscoderInfo = {
  lastRewardRound: bigint
  rewardCut: bigint
  feeShare: bigint
  lastFeeRound: bigint
  activationRound: bigint
  deactivationRound: bigint
  bondedAmount: bigint
  cumulativeRewards: bigint
  cumulativeFees: bigint
}

/** An address, defaulting to the client's own. */
export type MaybeAddress = Address | undefined
