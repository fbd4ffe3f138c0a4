import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link setTranscoderParams}. */
export type SetTranscoderParamsParameters = {
  /** Share of rewards the orchestrator keeps, parts per million (100000 = 10%). */
  rewardCut: bigint
  /** Share of fees given to delegators, parts per million (500000 = 50%). */
  feeShare: bigint
}
/** The transaction. */
export type SetTranscoderParamsReturnType = ChainTxResult
/** Errors of {@link setTranscoderParams}. */
export type SetTranscoderParamsErrorType = ChainWriteErrorType

/**
 * BondingManager.transcoder(rewardCut, feeShare) for the wallet's account (a registered
 * orchestrator; an active one must have called reward() this round first).
 *
 * @throws ChainRevertError with `invalid rewardCut percentage`, `invalid feeShare percentage`,
 *   `transcoder must be registered`, `can't update transcoder params, current round is locked`,
 *   `caller can't be active or must have already called reward for the current round`.
 * @example
 * await setTranscoderParams(client, { rewardCut: 100_000n, feeShare: 500_000n })
 */
export async function setTranscoderParams(
  client: ChainClient,
  params: SetTranscoderParamsParameters,
): Promise<SetTranscoderParamsReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'transcoder',
      args: [params.rewardCut, params.feeShare],
    }),
  )
}
