import { parseEventLogs } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'
import { getCurrentRound } from './getCurrentRound.ts'

/** The transaction and what was claimed (EarningsClaimed). */
export type ClaimEarningsReturnType = ChainTxResult & { rewards: bigint; fees: bigint }
/** Errors of {@link claimEarnings}. */
export type ClaimEarningsErrorType = ChainWriteErrorType

/**
 * BondingManager.claimEarnings(currentRound): adds the rewards and fees earned since the last
 * claim to the wallet's bonded stake and withdrawable fees.
 *
 * @example
 * const { rewards, fees } = await claimEarnings(client)
 */
export async function claimEarnings(client: ChainClient): Promise<ClaimEarningsReturnType> {
  const receipt = await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'claimEarnings',
    args: [await getCurrentRound(client)],
  })
  const logs = parseEventLogs({ abi: bondingManagerAbi, logs: receipt.logs, eventName: 'EarningsClaimed' })
  return {
    ...txResult(receipt),
    rewards: logs.reduce((s, l) => s + l.args.rewards, 0n),
    fees: logs.reduce((s, l) => s + l.args.fees, 0n),
  }
}
