import type { Address } from 'viem'
import { bondingManagerAbi, ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getMaxFloat}. */
export type GetMaxFloatParameters = {
  sender: Address
  /** The orchestrator whose share of the reserve counts. */
  recipient: Address
  /** Face value of this recipient's redemptions of `sender` tickets in flight, wei. Default: 0. */
  pendingAmount?: bigint
}

/** Inputs of {@link computeMaxFloat}, as read from the chain. */
export type MaxFloatInputs = {
  deposit: bigint
  /** Reserve funds remaining. */
  reserve: bigint
  /** Reserve claimed by all orchestrators in the current round. */
  claimedInCurrentRound: bigint
  /** Active pool size (getTranscoderPoolSize). */
  poolSize: bigint
  /** What this recipient has claimed from the reserve this round. */
  claimedReserve: bigint
  /** Face value of redemptions in flight, wei. */
  pendingAmount: bigint
}

/** What {@link computeMaxFloat} derives. */
export type MaxFloat = {
  /** ⌊(reserve + claimedInCurrentRound) / poolSize⌋ − claimedReserve (never below 0); 0 if poolSize = 0. */
  reserveAlloc: bigint
  /** reserveAlloc if pending > 0 and deposit/pending ≥ 3, else reserveAlloc − pending (never below 0). */
  maxFloat: bigint
  /** reserveAlloc + deposit − pending (never below 0). */
  availableFunds: bigint
}

/** A sender's funds as one orchestrator sees them: the chain reads and what they allow. */
export type GetMaxFloatReturnType = MaxFloatInputs & MaxFloat & { withdrawRound: bigint }
/** Errors of {@link getMaxFloat}. */
export type GetMaxFloatErrorType = ChainReadErrorType

/**
 * Max float of a sender for one orchestrator (docs/protocol.md §2.4, pure): the orchestrator's share
 * of the reserve, reduced by redemptions in flight unless the deposit covers three times them.
 *
 * @example
 * computeMaxFloat({ deposit: 10n, reserve: 4n, claimedInCurrentRound: 0n, poolSize: 2n, claimedReserve: 0n, pendingAmount: 0n }).maxFloat // 2n
 */
export function computeMaxFloat(input: MaxFloatInputs): MaxFloat {
  const { deposit, reserve, claimedInCurrentRound, poolSize, claimedReserve, pendingAmount } = input
  let reserveAlloc = 0n
  if (poolSize > 0n) {
    const share = (reserve + claimedInCurrentRound) / poolSize
    reserveAlloc = share > claimedReserve ? share - claimedReserve : 0n
  }
  const depositCoversPending = pendingAmount > 0n && deposit >= 3n * pendingAmount
  const floatLeft = reserveAlloc - pendingAmount
  const maxFloat = depositCoversPending ? reserveAlloc : floatLeft > 0n ? floatLeft : 0n
  const available = reserveAlloc + deposit - pendingAmount
  return { reserveAlloc, maxFloat, availableFunds: available > 0n ? available : 0n }
}

/**
 * Reads a sender's deposit and reserve, the pool size and what `recipient` claimed this round,
 * and derives the reserve allocation, max float and available funds ({@link computeMaxFloat}).
 *
 * @example
 * const { maxFloat } = await getMaxFloat(client, { sender, recipient: orchestrator, pendingAmount: 0n })
 */
export async function getMaxFloat(
  client: ChainClient,
  params: GetMaxFloatParameters,
): Promise<GetMaxFloatReturnType> {
  const { sender, recipient } = params
  const [[info, reserve], poolSize, claimedReserve] = await Promise.all([
    readChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'getSenderInfo',
      args: [sender],
    }),
    readChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'getTranscoderPoolSize',
    }),
    readChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'claimedReserve',
      args: [sender, recipient],
    }),
  ])
  const inputs: MaxFloatInputs = {
    deposit: info.deposit,
    reserve: reserve.fundsRemaining,
    claimedInCurrentRound: reserve.claimedInCurrentRound,
    poolSize,
    claimedReserve,
    pendingAmount: params.pendingAmount ?? 0n,
  }
  return { ...inputs, withdrawRound: info.withdrawRound, ...computeMaxFloat(inputs) }
}
