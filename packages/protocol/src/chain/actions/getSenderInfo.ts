import type { Address } from 'viem'
import type { SenderInfo } from '../../payment/SenderInfo.ts'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getSenderInfo}. */
export type GetSenderInfoParameters = { sender: Address }
/** The sender's deposit, unlock state and reserve. */
export type GetSenderInfoReturnType = SenderInfo
/** Errors of {@link getSenderInfo}. */
export type GetSenderInfoErrorType = ChainReadErrorType

/**
 * TicketBroker.getSenderInfo(sender): deposit, withdraw round, and the reserve (funds remaining and
 * claimed in the current round).
 *
 * @example
 * const { deposit, reserve, withdrawRound } = await getSenderInfo(client, { sender })
 */
export async function getSenderInfo(
  client: ChainClient,
  params: GetSenderInfoParameters,
): Promise<GetSenderInfoReturnType> {
  const [info, reserve] = await readChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'getSenderInfo',
    args: [params.sender],
  })
  return {
    deposit: info.deposit,
    withdrawRound: info.withdrawRound,
    reserve: { fundsRemaining: reserve.fundsRemaining, claimedInCurrentRound: reserve.claimedInCurrentRound },
  }
}
