import type { Hex } from 'viem'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link isTicketUsed}. */
export type IsTicketUsedParameters = { ticketHash: Hex }
/** True when the ticket was already redeemed. */
export type IsTicketUsedReturnType = boolean
/** Errors of {@link isTicketUsed}. */
export type IsTicketUsedErrorType = ChainReadErrorType

/**
 * TicketBroker.usedTickets(ticketHash): whether a ticket was already redeemed.
 *
 * @example
 * if (await isTicketUsed(client, { ticketHash })) store.markRedeemed(ticketHash)
 */
export function isTicketUsed(
  client: ChainClient,
  params: IsTicketUsedParameters,
): Promise<IsTicketUsedReturnType> {
  return readChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'usedTickets',
    args: [params.ticketHash],
  })
}
