import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Round length in blocks. */
export type GetRoundLengthReturnType = bigint
/** Errors of {@link getRoundLength}. */
export type GetRoundLengthErrorType = ChainReadErrorType

/**
 * RoundsManager.roundLength(): the round length in blocks.
 *
 * @example
 * const value = await getRoundLength(client)
 */
export function getRoundLength(client: ChainClient): Promise<GetRoundLengthReturnType> {
  return readChainContract(client, {
    contract: 'roundsManager',
    abi: roundsManagerAbi,
    functionName: 'roundLength',
  })
}
