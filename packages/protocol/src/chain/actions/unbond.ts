import { parseEventLogs } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link unbond}. */
export type UnbondParameters = { amount: bigint }
/** The transaction and the unbonding lock it created. */
export type UnbondReturnType = ChainTxResult & { unbondingLockId: bigint; withdrawRound: bigint }
/** Errors of {@link unbond}. */
export type UnbondErrorType = ChainWriteErrorType

/**
 * BondingManager.unbond(amount): moves stake into an unbonding lock, withdrawable from its
 * `withdrawRound` (current round + unbonding period) with {@link withdrawStake}, or rebondable.
 *
 * @throws ChainRevertError with `caller must be bonded`, `unbond amount must be greater than 0`,
 *   `amount is greater than bonded amount`.
 * @example
 * const { unbondingLockId, withdrawRound } = await unbond(client, { amount: parseEther('10') })
 */
export async function unbond(client: ChainClient, params: UnbondParameters): Promise<UnbondReturnType> {
  const receipt = await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'unbond',
    args: [params.amount],
  })
  const [log] = parseEventLogs({ abi: bondingManagerAbi, logs: receipt.logs, eventName: 'Unbond' })
  return {
    ...txResult(receipt),
    unbondingLockId: log?.args.unbondingLockId ?? 0n,
    withdrawRound: log?.args.withdrawRound ?? 0n,
  }
}
