import type { Hex } from 'viem'
import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getBlockHashForRound}. */
export type GetBlockHashForRoundParameters = { round: bigint }
/** The round's block hash; the zero hash for a round never initialized. */
export type GetBlockHashForRoundReturnType = Hex
/** Errors of {@link getBlockHashForRound}. */
export type GetBlockHashForRoundErrorType = ChainReadErrorType

/**
 * RoundsManager.blockHashForRound(round): the block hash stored when the round was initialized
 * (what ticket params carry as creationRoundBlockHash); the zero hash for a round never initialized.
 *
 * @example
 * const hash = await getBlockHashForRound(client, { round: 42n })
 */
export function getBlockHashForRound(
  client: ChainClient,
  params: GetBlockHashForRoundParameters,
): Promise<GetBlockHashForRoundReturnType> {
  return readChainContract(client, {
    contract: 'roundsManager',
    abi: roundsManagerAbi,
    functionName: 'blockHashForRound',
    args: [params.round],
  })
}
