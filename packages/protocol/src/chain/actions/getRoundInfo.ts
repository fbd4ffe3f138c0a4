import type { Hex } from 'viem'
import { roundsManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'
import { getBlockHashForRound } from './getBlockHashForRound.ts'
import { getBlockNumber } from './getBlockNumber.ts'

/** Round state of RoundsManager at one moment. */
export type RoundInfo = {
  /** Latest block number at the time of reading. */
  blockNumber: bigint
  currentRound: bigint
  lastInitializedRound: bigint
  currentRoundInitialized: boolean
  currentRoundStartBlock: bigint
  roundLength: bigint
  /** blockHashForRound(lastInitializedRound). */
  lastInitializedBlockHash: Hex
}
/** All round state. */
export type GetRoundInfoReturnType = RoundInfo
/** Errors of {@link getRoundInfo}. */
export type GetRoundInfoErrorType = ChainReadErrorType

/**
 * All round state in one go (the reads are issued together), with the block hash of the last
 * initialized round.
 *
 * @example
 * const { lastInitializedRound, lastInitializedBlockHash } = await getRoundInfo(client)
 */
export async function getRoundInfo(client: ChainClient): Promise<GetRoundInfoReturnType> {
  const read = <F extends 'currentRound' | 'lastInitializedRound' | 'currentRoundStartBlock' | 'roundLength'>(
    functionName: F,
  ) => readChainContract(client, { contract: 'roundsManager', abi: roundsManagerAbi, functionName })
  const [blockNumber, currentRound, lastInitializedRound, currentRoundStartBlock, roundLength] =
    await Promise.all([
      getBlockNumber(client),
      read('currentRound'),
      read('lastInitializedRound'),
      read('currentRoundStartBlock'),
      read('roundLength'),
    ])
  return {
    blockNumber,
    currentRound,
    lastInitializedRound,
    currentRoundInitialized: currentRound === lastInitializedRound,
    currentRoundStartBlock,
    roundLength,
    lastInitializedBlockHash: await getBlockHashForRound(client, { round: lastInitializedRound }),
  }
}
