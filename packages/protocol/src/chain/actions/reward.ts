import { parseEventLogs } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** The mined transaction and the amount minted. */
export type RewardReturnType = ChainTxResult & { amount: bigint }
/** Errors of {@link reward}. */
export type RewardErrorType = ChainWriteErrorType

/**
 * BondingManager.reward() for the wallet's account; returns the minted amount (Reward event).
 *
 * @throws ChainRevertError with `caller must be an active transcoder` or
 *   `caller has already called reward for the current round`.
 * @example
 * const { amount } = await reward(client)
 */
export async function reward(client: ChainClient): Promise<RewardReturnType> {
  const receipt = await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'reward',
  })
  const logs = parseEventLogs({ abi: bondingManagerAbi, logs: receipt.logs, eventName: 'Reward' })
  return { ...txResult(receipt), amount: logs.reduce((s, l) => s + l.args.amount, 0n) }
}
