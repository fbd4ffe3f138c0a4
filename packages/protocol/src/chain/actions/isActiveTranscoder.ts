import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link isActiveTranscoder}. */
export type IsActiveTranscoderParameters = { address: Address }
/** True when the orchestrator is in the active set this round. */
export type IsActiveTranscoderReturnType = boolean
/** Errors of {@link isActiveTranscoder}. */
export type IsActiveTranscoderErrorType = ChainReadErrorType

/**
 * BondingManager.isActiveTranscoder(address): whether the orchestrator is active this round
 * (only active orchestrators may redeem tickets against the reserve and call reward).
 *
 * @example
 * if (!(await isActiveTranscoder(client, { address }))) return
 */
export function isActiveTranscoder(
  client: ChainClient,
  params: IsActiveTranscoderParameters,
): Promise<IsActiveTranscoderReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'isActiveTranscoder',
    args: [params.address],
  })
}
