import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** The last initialized round. */
export type GetLastInitializedRoundReturnType = bigint
/** Errors of {@link getLastInitializedRound}. */
export type GetLastInitializedRoundErrorType = ChainReadErrorType

/**
 * RoundsManager.lastInitializedRound(): the last round someone initialized; tickets are created against it.
 *
 * @example
 * const value = await getLastInitializedRound(client)
 */
export function getLastInitializedRound(client: ChainClient): Promise<GetLastInitializedRoundReturnType> {
  return readChainContract(client, {
    contract: 'roundsManager',
    abi: roundsManagerAbi,
    functionName: 'lastInitializedRound',
  })
}
