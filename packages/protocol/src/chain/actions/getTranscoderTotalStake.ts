import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getTranscoderTotalStake}. */
export type GetTranscoderTotalStakeParameters = { address: Address }
/** Total stake delegated to the orchestrator (its own bond included), LPT wei. */
export type GetTranscoderTotalStakeReturnType = bigint
/** Errors of {@link getTranscoderTotalStake}. */
export type GetTranscoderTotalStakeErrorType = ChainReadErrorType

/**
 * BondingManager.transcoderTotalStake(address): the stake bonded to an orchestrator, its own
 * included (Livepeer: the delegator record's delegatedAmount).
 *
 * @example
 * const stake = await getTranscoderTotalStake(client, { address })
 */
export function getTranscoderTotalStake(
  client: ChainClient,
  params: GetTranscoderTotalStakeParameters,
): Promise<GetTranscoderTotalStakeReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'transcoderTotalStake',
    args: [params.address],
  })
}
