import type { Address } from 'viem'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getClaimableReserve}. */
export type GetClaimableReserveParameters = { sender: Address; claimant: Address }
/** Wei the claimant may still take from the sender's reserve this round. */
export type GetClaimableReserveReturnType = bigint
/** Errors of {@link getClaimableReserve}. */
export type GetClaimableReserveErrorType = ChainReadErrorType

/**
 * TicketBroker.claimableReserve(sender, claimant): what `claimant` (an active orchestrator) may
 * still take from `sender`'s reserve this round.
 *
 * @example
 * const alloc = await getClaimableReserve(client, { sender, claimant: orchestrator })
 */
export function getClaimableReserve(
  client: ChainClient,
  params: GetClaimableReserveParameters,
): Promise<GetClaimableReserveReturnType> {
  return readChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'claimableReserve',
    args: [params.sender, params.claimant],
  })
}
