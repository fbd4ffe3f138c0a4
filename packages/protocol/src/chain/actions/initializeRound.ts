import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** The mined transaction. */
export type InitializeRoundReturnType = ChainTxResult
/** Errors of {@link initializeRound}. */
export type InitializeRoundErrorType = ChainWriteErrorType

/**
 * RoundsManager.initializeRound() from the wallet's account (anyone may): stores the round's
 * block hash. Reverts with `round already initialized` when it is.
 *
 * @example
 * await initializeRound(client)
 */
export async function initializeRound(client: ChainClient): Promise<InitializeRoundReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'roundsManager',
      abi: roundsManagerAbi,
      functionName: 'initializeRound',
    }),
  )
}
