import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link fundReserve}. */
export type FundReserveParameters = { /** Wei sent with the call. */ amount: bigint }
/** The mined transaction. */
export type FundReserveReturnType = ChainTxResult
/** Errors of {@link fundReserve}. */
export type FundReserveErrorType = ChainWriteErrorType

/**
 * TicketBroker.fundReserve() from the wallet's account: adds `amount` to its reserve.
 *
 * @example
 * await fundReserve(client, { amount: parseEther('0.1') })
 */
export async function fundReserve(
  client: ChainClient,
  params: FundReserveParameters,
): Promise<FundReserveReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'fundReserve',
      value: params.amount,
    }),
  )
}
