import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link withdrawStake}. */
export type WithdrawStakeParameters = { unbondingLockId: bigint }
/** The withdrawal transaction. */
export type WithdrawStakeReturnType = ChainTxResult
/** Errors of {@link withdrawStake}. */
export type WithdrawStakeErrorType = ChainWriteErrorType

/**
 * BondingManager.withdrawStake(id): sends an unbonding lock's LPT to the wallet once its withdraw
 * round has come.
 *
 * @throws ChainRevertError with `invalid unbonding lock ID` or
 *   `withdraw round must be before or equal to the current round`.
 * @example
 * await withdrawStake(client, { unbondingLockId: 0n })
 */
export async function withdrawStake(
  client: ChainClient,
  params: WithdrawStakeParameters,
): Promise<WithdrawStakeReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'withdrawStake',
      args: [params.unbondingLockId],
    }),
  )
}
