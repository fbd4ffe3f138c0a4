import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** The current round. */
export type GetCurrentRoundReturnType = bigint
/** Errors of {@link getCurrentRound}. */
export type GetCurrentRoundErrorType = ChainReadErrorType

/**
 * RoundsManager.currentRound(): the round the latest block is in (it may not be initialized yet).
 *
 * @example
 * const value = await getCurrentRound(client)
 */
export function getCurrentRound(client: ChainClient): Promise<GetCurrentRoundReturnType> {
  return readChainContract(client, {
    contract: 'roundsManager',
    abi: roundsManagerAbi,
    functionName: 'currentRound',
  })
}
