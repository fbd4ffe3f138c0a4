import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link isRegisteredTranscoder}. */
export type IsRegisteredTranscoderParameters = { address: Address }
/** True when the address is bonded to itself (an orchestrator). */
export type IsRegisteredTranscoderReturnType = boolean
/** Errors of {@link isRegisteredTranscoder}. */
export type IsRegisteredTranscoderErrorType = ChainReadErrorType

/**
 * BondingManager.isRegisteredTranscoder(address): whether the address has bonded stake to itself
 * (registered as an orchestrator; active only once in the active set).
 *
 * @example
 * if (!(await isRegisteredTranscoder(client, { address }))) console.log('bond to yourself first')
 */
export function isRegisteredTranscoder(
  client: ChainClient,
  params: IsRegisteredTranscoderParameters,
): Promise<IsRegisteredTranscoderReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'isRegisteredTranscoder',
    args: [params.address],
  })
}
