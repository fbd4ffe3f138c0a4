import type { ChainClient } from '../client.ts'
import { guardChainCall } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Suggested gas price in wei. */
export type GetGasPriceReturnType = bigint
/** Errors of {@link getGasPrice}. */
export type GetGasPriceErrorType = ChainReadErrorType

/**
 * The node's suggested gas price in wei.
 *
 * @example
 * const gasPrice = await getGasPrice(client)
 */
export function getGasPrice(client: ChainClient): Promise<GetGasPriceReturnType> {
  return guardChainCall(client, 'eth_gasPrice', () => client.public.getGasPrice())
}
