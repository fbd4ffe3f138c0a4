import type { Address } from 'viem'
import type { ChainClient } from '../client.ts'
import { guardChainCall } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getBalance}. */
export type GetBalanceParameters = { address: Address }
/** ETH balance in wei. */
export type GetBalanceReturnType = bigint
/** Errors of {@link getBalance}. */
export type GetBalanceErrorType = ChainReadErrorType

/**
 * The ETH balance of `address` in wei.
 *
 * @example
 * const wei = await getBalance(client, { address: sessionKey })
 */
export function getBalance(client: ChainClient, params: GetBalanceParameters): Promise<GetBalanceReturnType> {
  return guardChainCall(client, 'eth_getBalance', () => client.public.getBalance({ address: params.address }))
}
