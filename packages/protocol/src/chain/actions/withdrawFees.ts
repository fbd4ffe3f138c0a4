import { type Address, parseEventLogs } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import { ChainAccountMissingError, type ChainWriteErrorType } from '../errors.ts'
import { getPendingFees } from './getPendingFees.ts'

/** Parameters of {@link withdrawFees}. */
export type WithdrawFeesParameters = {
  /** Where the wei go. Default: the wallet's account. */
  recipient?: Address | undefined
  /** How much, wei. Default: all pending fees. */
  amount?: bigint | undefined
}
/** The transaction (null when there was nothing to withdraw) and the amount sent. */
export type WithdrawFeesReturnType = (ChainTxResult & { amount: bigint; recipient: Address }) | null
/** Errors of {@link withdrawFees}. */
export type WithdrawFeesErrorType = ChainWriteErrorType

/**
 * BondingManager.withdrawFees(recipient, amount): sends fees earned from redeemed tickets (the
 * fee share of a delegator, the rest for an orchestrator; earnings claimed first) to `recipient`.
 * Without `amount`, withdraws everything pending; returns null when that is 0.
 *
 * @throws ChainRevertError with `insufficient fees to withdraw` or `invalid recipient`.
 * @example
 * const sent = await withdrawFees(client) // all fees to the wallet's own address
 */
export async function withdrawFees(
  client: ChainClient,
  params: WithdrawFeesParameters = {},
): Promise<WithdrawFeesReturnType> {
  const self = client.wallet?.account?.address
  if (!self) throw new ChainAccountMissingError('withdrawFees')
  const recipient = params.recipient ?? self
  const amount = params.amount ?? (await getPendingFees(client, { delegator: self }))
  if (amount === 0n && params.amount === undefined) return null
  const receipt = await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'withdrawFees',
    args: [recipient, amount],
  })
  const [log] = parseEventLogs({ abi: bondingManagerAbi, logs: receipt.logs, eventName: 'WithdrawFees' })
  return { ...txResult(receipt), amount: log?.args.amount ?? amount, recipient }
}
