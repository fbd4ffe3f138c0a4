import type { ChainClient } from '../client.ts'
import { guardChainCall } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** The latest block number. */
export type GetBlockNumberReturnType = bigint
/** Errors of {@link getBlockNumber}. */
export type GetBlockNumberErrorType = ChainReadErrorType

/**
 * The latest block number, never cached.
 *
 * @example
 * const block = await getBlockNumber(client)
 */
export function getBlockNumber(client: ChainClient): Promise<GetBlockNumberReturnType> {
  return guardChainCall(client, 'eth_blockNumber', () => client.public.getBlockNumber({ cacheTime: 0 }))
}
