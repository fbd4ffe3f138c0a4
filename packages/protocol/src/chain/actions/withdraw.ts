import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** The mined transaction. */
export type WithdrawReturnType = ChainTxResult
/** Errors of {@link withdraw}. */
export type WithdrawErrorType = ChainWriteErrorType

/**
 * TicketBroker.withdraw() from the wallet's account: takes deposit and reserve back once the unlock period is over.
 *
 * @example
 * await withdraw(client)
 */
export async function withdraw(client: ChainClient): Promise<WithdrawReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'withdraw',
    }),
  )
}
