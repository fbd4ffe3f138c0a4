import type { Hex } from 'viem'
import type { Ticket } from '../../ticket/Ticket.ts'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'
import { toContractTicket } from './redeemWinningTicket.ts'

/** Parameters of {@link getTicketHash}. */
export type GetTicketHashParameters = { ticket: Ticket }
/** The ticket hash the contract computes. */
export type GetTicketHashReturnType = Hex
/** Errors of {@link getTicketHash}. */
export type GetTicketHashErrorType = ChainReadErrorType

/**
 * TicketBroker.getTicketHash(ticket), computed by the contract (equals `hashTicket`).
 *
 * @example
 * const onChain = await getTicketHash(client, { ticket })
 */
export function getTicketHash(
  client: ChainClient,
  params: GetTicketHashParameters,
): Promise<GetTicketHashReturnType> {
  return readChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'getTicketHash',
    args: [toContractTicket(params.ticket)],
  })
}
