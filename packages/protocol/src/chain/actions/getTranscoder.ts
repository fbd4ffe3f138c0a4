import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getTranscoder}. */
export type GetTranscoderParameters = { address: Address }
/**
 * BondingManager.getTranscoder(address): Livepeer's ten return values, in Livepeer's order
 * (docs/protocol.md §4.5). Stake is not among them: read it with `transcoderTotalStake`.
 */
export type GetTranscoderReturnType = {
  /** Last round the transcoder called reward(). */
  lastRewardRound: bigint
  /** Share of rewards the transcoder keeps, parts per million. */
  rewardCut: bigint
  /** Share of fees given to delegators, parts per million. */
  feeShare: bigint
  /** Round for which its stake was last updated while active. */
  lastActiveStakeUpdateRound: bigint
  /** Round it became (or becomes) active. */
  activationRound: bigint
  /** Round it stops being active (2^256 − 1 while active). */
  deactivationRound: bigint
  /** Its cumulative rewards that count as stake in the current round. */
  activeCumulativeRewards: bigint
  /** Rewards it earned (reward cut and its rewards' share) since it last claimed. */
  cumulativeRewards: bigint
  /** Fees it earned (fee share and its rewards' share) since it last claimed. */
  cumulativeFees: bigint
  /** Last round it received fees. */
  lastFeeRound: bigint
}
/** Errors of {@link getTranscoder}. */
export type GetTranscoderErrorType = ChainReadErrorType

/**
 * BondingManager.getTranscoder(address): cuts, activation, reward and fee rounds, cumulative
 * earnings, decoded from Livepeer's ten-value return.
 *
 * @example
 * const { lastRewardRound, rewardCut } = await getTranscoder(client, { address })
 */
export async function getTranscoder(
  client: ChainClient,
  params: GetTranscoderParameters,
): Promise<GetTranscoderReturnType> {
  const [
    lastRewardRound,
    rewardCut,
    feeShare,
    lastActiveStakeUpdateRound,
    activationRound,
    deactivationRound,
    activeCumulativeRewards,
    cumulativeRewards,
    cumulativeFees,
    lastFeeRound,
  ] = await readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getTranscoder',
    args: [params.address],
  })
  return {
    lastRewardRound,
    rewardCut,
    feeShare,
    lastActiveStakeUpdateRound,
    activationRound,
    deactivationRound,
    activeCumulativeRewards,
    cumulativeRewards,
    cumulativeFees,
    lastFeeRound,
  }
}
