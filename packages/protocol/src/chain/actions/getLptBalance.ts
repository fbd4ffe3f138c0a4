import type { Address } from 'viem'
import { livepeerTokenAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getLptBalance}. */
export type GetLptBalanceParameters = { address: Address }
/** LPT held (not bonded), wei. */
export type GetLptBalanceReturnType = bigint
/** Errors of {@link getLptBalance}. */
export type GetLptBalanceErrorType = ChainReadErrorType

/**
 * LivepeerToken.balanceOf(address): LPT an account holds and may bond.
 *
 * @example
 * const lpt = await getLptBalance(client, { address })
 */
export function getLptBalance(
  client: ChainClient,
  params: GetLptBalanceParameters,
): Promise<GetLptBalanceReturnType> {
  return readChainContract(client, {
    contract: 'livepeerToken',
    abi: livepeerTokenAbi,
    functionName: 'balanceOf',
    args: [params.address],
  })
}
