import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'
import { getCurrentRound } from './getCurrentRound.ts'

/** Parameters of {@link getPendingStake}. */
export type GetPendingStakeParameters = { delegator: Address }
/** Bonded stake including rewards not yet claimed, LPT wei. */
export type GetPendingStakeReturnType = bigint
/** Errors of {@link getPendingStake}. */
export type GetPendingStakeErrorType = ChainReadErrorType

/**
 * BondingManager.pendingStake(delegator, currentRound): bonded LPT with rewards earned so far.
 *
 * @example
 * const stake = await getPendingStake(client, { delegator })
 */
export async function getPendingStake(
  client: ChainClient,
  params: GetPendingStakeParameters,
): Promise<GetPendingStakeReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'pendingStake',
    args: [params.delegator, await getCurrentRound(client)],
  })
}
