import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** The mined transaction. */
export type CancelUnlockReturnType = ChainTxResult
/** Errors of {@link cancelUnlock}. */
export type CancelUnlockErrorType = ChainWriteErrorType

/**
 * TicketBroker.cancelUnlock() from the wallet's account: cancels a pending unlock. Reverts with `no unlock request in progress` when there is none.
 *
 * @example
 * await cancelUnlock(client)
 */
export async function cancelUnlock(client: ChainClient): Promise<CancelUnlockReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'cancelUnlock',
    }),
  )
}
