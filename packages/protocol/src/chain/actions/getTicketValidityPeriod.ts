import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Rounds a ticket stays redeemable after its creation round. */
export type GetTicketValidityPeriodReturnType = bigint
/** Errors of {@link getTicketValidityPeriod}. */
export type GetTicketValidityPeriodErrorType = ChainReadErrorType

/**
 * TicketBroker.ticketValidityPeriod(): a ticket is redeemable while
 * `creationRound + ticketValidityPeriod > currentRound` (2 on Arbitrum One).
 *
 * @example
 * const period = await getTicketValidityPeriod(client) // 2n
 */
export function getTicketValidityPeriod(client: ChainClient): Promise<GetTicketValidityPeriodReturnType> {
  return readChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'ticketValidityPeriod',
  })
}
