import { type Address, zeroAddress } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getTranscoderPool}. */
export type GetTranscoderPoolParameters = {
  /** Most entries walked. Default: 100 (the Livepeer active set). */
  max?: number
}
/** The pool's addresses, largest stake first. */
export type GetTranscoderPoolReturnType = Address[]
/** Errors of {@link getTranscoderPool}. */
export type GetTranscoderPoolErrorType = ChainReadErrorType

/**
 * The transcoder pool in order (largest stake first), walking BondingManager
 * getFirstTranscoderInPool / getNextTranscoderInPool until the zero address.
 *
 * @example
 * const pool = await getTranscoderPool(client)
 */
export async function getTranscoderPool(
  client: ChainClient,
  params: GetTranscoderPoolParameters = {},
): Promise<GetTranscoderPoolReturnType> {
  const max = params.max ?? 100
  const pool: Address[] = []
  let cur = await readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getFirstTranscoderInPool',
  })
  while (cur !== zeroAddress && pool.length < max) {
    pool.push(cur)
    cur = await readChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'getNextTranscoderInPool',
      args: [cur],
    })
  }
  return pool
}
