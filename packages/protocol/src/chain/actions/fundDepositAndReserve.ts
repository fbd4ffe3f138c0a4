import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link fundDepositAndReserve}. */
export type FundDepositAndReserveParameters = {
  /** Wei added to the deposit (pays winning tickets). */
  deposit: bigint
  /** Wei added to the reserve (backs the deposit, split between active orchestrators). */
  reserve: bigint
}
/** The mined transaction. */
export type FundDepositAndReserveReturnType = ChainTxResult
/** Errors of {@link fundDepositAndReserve}. */
export type FundDepositAndReserveErrorType = ChainWriteErrorType

/**
 * TicketBroker.fundDepositAndReserve(deposit, reserve) from the wallet's account, sending
 * deposit + reserve.
 *
 * @example
 * await fundDepositAndReserve(client, { deposit: parseEther('1'), reserve: parseEther('1') })
 */
export async function fundDepositAndReserve(
  client: ChainClient,
  params: FundDepositAndReserveParameters,
): Promise<FundDepositAndReserveReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'fundDepositAndReserve',
      args: [params.deposit, params.reserve],
      value: params.deposit + params.reserve,
    }),
  )
}
