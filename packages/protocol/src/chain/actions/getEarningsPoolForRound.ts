import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getEarningsPoolForRound}. */
export type GetEarningsPoolForRoundParameters = { transcoder: Address; round: bigint }
/** Livepeer's five getTranscoderEarningsPoolForRound values. */
export type GetEarningsPoolForRoundReturnType = {
  /** The orchestrator's stake in that round. */
  totalStake: bigint
  transcoderRewardCut: bigint
  transcoderFeeShare: bigint
  /** Cumulative reward factor (27-digit precision; 0 = unset). */
  cumulativeRewardFactor: bigint
  /** Cumulative fee factor (27-digit precision). */
  cumulativeFeeFactor: bigint
}
/** Errors of {@link getEarningsPoolForRound}. */
export type GetEarningsPoolForRoundErrorType = ChainReadErrorType

/**
 * BondingManager.getTranscoderEarningsPoolForRound(transcoder, round): the round's stake, cuts and
 * cumulative factors (the stake is what discovery weighs orchestrators by).
 *
 * @example
 * const { totalStake } = await getEarningsPoolForRound(client, { transcoder, round })
 */
export async function getEarningsPoolForRound(
  client: ChainClient,
  params: GetEarningsPoolForRoundParameters,
): Promise<GetEarningsPoolForRoundReturnType> {
  const [totalStake, transcoderRewardCut, transcoderFeeShare, cumulativeRewardFactor, cumulativeFeeFactor] =
    await readChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'getTranscoderEarningsPoolForRound',
      args: [params.transcoder, params.round],
    })
  return { totalStake, transcoderRewardCut, transcoderFeeShare, cumulativeRewardFactor, cumulativeFeeFactor }
}
