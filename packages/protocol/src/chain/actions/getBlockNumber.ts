import type { ChainClient } from '../client.ts'
import { guardChainCall } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** The latest block number, in the chain's contract clock (L1 on Arbitrum). */
export type GetBlockNumberReturnType = bigint
/** Errors of {@link getBlockNumber}. */
export type GetBlockNumberErrorType = ChainReadErrorType

/**
 * The latest block number as the Livepeer contracts count blocks, never cached: on Arbitrum
 * `block.number` inside a contract is the L1 block number, which the RPC's latest block carries as
 * `l1BlockNumber`; that is the clock of rounds (RoundsManager) and of ticket params expiration
 * (go-livepeer's "last seen L1 block"). Other chains (anvil) have no such field: their own number.
 *
 * @example
 * const block = await getBlockNumber(client)
 */
export function getBlockNumber(client: ChainClient): Promise<GetBlockNumberReturnType> {
  return guardChainCall(client, 'eth_getBlockByNumber', async () => {
    const block = (await client.public.request({
      method: 'eth_getBlockByNumber',
      params: ['latest', false],
    })) as { number?: string | null; l1BlockNumber?: string } | null
    const n = block?.l1BlockNumber ?? block?.number
    if (!n) throw new Error('the RPC returned no latest block')
    return BigInt(n)
  })
}
