import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link fundDeposit}. */
export type FundDepositParameters = { /** Wei sent with the call. */ amount: bigint }
/** The mined transaction. */
export type FundDepositReturnType = ChainTxResult
/** Errors of {@link fundDeposit}. */
export type FundDepositErrorType = ChainWriteErrorType

/**
 * TicketBroker.fundDeposit() from the wallet's account: adds `amount` to its deposit.
 *
 * @example
 * await fundDeposit(client, { amount: parseEther('0.1') })
 */
export async function fundDeposit(
  client: ChainClient,
  params: FundDepositParameters,
): Promise<FundDepositReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'fundDeposit',
      value: params.amount,
    }),
  )
}
