import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'
import { getCurrentRound } from './getCurrentRound.ts'

/** Parameters of {@link getPendingFees}. */
export type GetPendingFeesParameters = { delegator: Address }
/** Withdrawable fees including those not yet claimed, wei. */
export type GetPendingFeesReturnType = bigint
/** Errors of {@link getPendingFees}. */
export type GetPendingFeesErrorType = ChainReadErrorType

/**
 * BondingManager.pendingFees(delegator, currentRound): the fees `withdrawFees` can send now.
 *
 * @example
 * const wei = await getPendingFees(client, { delegator })
 */
export async function getPendingFees(
  client: ChainClient,
  params: GetPendingFeesParameters,
): Promise<GetPendingFeesReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'pendingFees',
    args: [params.delegator, await getCurrentRound(client)],
  })
}
