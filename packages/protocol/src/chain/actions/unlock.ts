import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** The mined transaction. */
export type UnlockReturnType = ChainTxResult
/** Errors of {@link unlock}. */
export type UnlockErrorType = ChainWriteErrorType

/**
 * TicketBroker.unlock() from the wallet's account: starts the unlock period of its deposit and reserve (withdraw works from the returned withdraw round on).
 *
 * @example
 * await unlock(client)
 */
export async function unlock(client: ChainClient): Promise<UnlockReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'unlock',
    }),
  )
}
