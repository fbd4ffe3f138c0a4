import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Number of orchestrators in the pool. */
export type GetTranscoderPoolSizeReturnType = bigint
/** Errors of {@link getTranscoderPoolSize}. */
export type GetTranscoderPoolSizeErrorType = ChainReadErrorType

/**
 * BondingManager.getTranscoderPoolSize(): how many orchestrators share a sender's reserve.
 *
 * @example
 * const n = await getTranscoderPoolSize(client)
 */
export function getTranscoderPoolSize(client: ChainClient): Promise<GetTranscoderPoolSizeReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getTranscoderPoolSize',
  })
}
