import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getTranscoder}. */
export type GetTranscoderParameters = { address: Address }
/** BondingManager.getTranscoder(address) (Prism's field set). */
export type GetTranscoderReturnType = {
  lastRewardRound: bigint
  rewardCut: bigint
  feeShare: bigint
  lastFeeRound: bigint
  activationRound: bigint
  deactivationRound: bigint
  bondedAmount: bigint
  cumulativeRewards: bigint
  cumulativeFees: bigint
}
/** Errors of {@link getTranscoder}. */
export type GetTranscoderErrorType = ChainReadErrorType

/**
 * BondingManager.getTranscoder(address): stake, cuts, activation and the last rewarded round.
 *
 * @example
 * const { lastRewardRound } = await getTranscoder(client, { address })
 */
export async function getTranscoder(
  client: ChainClient,
  params: GetTranscoderParameters,
): Promise<GetTranscoderReturnType> {
  const t = await readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getTranscoder',
    args: [params.address],
  })
  return { ...t }
}
