import type { Address } from 'viem'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link fundDepositAndReserveFor}. */
export type FundDepositAndReserveForParameters = {
  /** Whose deposit and reserve are funded (e.g. a session key). */
  sender: Address
  /** Wei added to the deposit. */
  deposit: bigint
  /** Wei added to the reserve. */
  reserve: bigint
}
/** The mined transaction. */
export type FundDepositAndReserveForReturnType = ChainTxResult
/** Errors of {@link fundDepositAndReserveFor}. */
export type FundDepositAndReserveForErrorType = ChainWriteErrorType

/**
 * TicketBroker.fundDepositAndReserveFor(sender, deposit, reserve): the wallet's account pays
 * deposit + reserve into `sender`'s funds.
 *
 * @example
 * await fundDepositAndReserveFor(client, { sender: sessionKey, deposit: parseEther('0.1'), reserve: parseEther('0.1') })
 */
export async function fundDepositAndReserveFor(
  client: ChainClient,
  params: FundDepositAndReserveForParameters,
): Promise<FundDepositAndReserveForReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'ticketBroker',
      abi: ticketBrokerAbi,
      functionName: 'fundDepositAndReserveFor',
      args: [params.sender, params.deposit, params.reserve],
      value: params.deposit + params.reserve,
    }),
  )
}
