import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getDelegator}. */
export type GetDelegatorParameters = { delegator: Address }
/** A delegator's state: Livepeer's seven getDelegator values plus delegatorStatus. */
export type GetDelegatorReturnType = {
  /** LPT bonded as of the last claim (see getPendingStake for rewards since). */
  bondedAmount: bigint
  /** Fees as of the last claim, wei (see getPendingFees). */
  fees: bigint
  /** Orchestrator bonded to; 0x0 when nothing is bonded. */
  delegateAddress: Address
  /** Stake delegated to this address (an orchestrator's total stake). */
  delegatedAmount: bigint
  /** Round the bond counts from. */
  startRound: bigint
  /** Round of the last earnings claim. */
  lastClaimRound: bigint
  /** Id the next unbonding lock will get (ids below it may exist). */
  nextUnbondingLockId: bigint
  /** Livepeer's DelegatorStatus: Pending (bonded, counts from startRound), Bonded, Unbonded. */
  status: 'Pending' | 'Bonded' | 'Unbonded'
}
/** Errors of {@link getDelegator}. */
export type GetDelegatorErrorType = ChainReadErrorType

const STATUS = ['Pending', 'Bonded', 'Unbonded'] as const

/**
 * BondingManager.getDelegator(address) (Livepeer's seven return values) and delegatorStatus.
 *
 * @example
 * const { bondedAmount, delegateAddress, status } = await getDelegator(client, { delegator })
 */
export async function getDelegator(
  client: ChainClient,
  params: GetDelegatorParameters,
): Promise<GetDelegatorReturnType> {
  const [values, status] = await Promise.all([
    readChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'getDelegator',
      args: [params.delegator],
    }),
    readChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'delegatorStatus',
      args: [params.delegator],
    }),
  ])
  const [
    bondedAmount,
    fees,
    delegateAddress,
    delegatedAmount,
    startRound,
    lastClaimRound,
    nextUnbondingLockId,
  ] = values
  return {
    bondedAmount,
    fees,
    delegateAddress,
    delegatedAmount,
    startRound,
    lastClaimRound,
    nextUnbondingLockId,
    status: STATUS[status] ?? 'Unbonded',
  }
}
