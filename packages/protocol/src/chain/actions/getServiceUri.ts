import type { Address } from 'viem'
import { serviceRegistryAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getServiceUri}. */
export type GetServiceUriParameters = { address: Address }
/** The published URI; empty when unset. */
export type GetServiceUriReturnType = string
/** Errors of {@link getServiceUri}. */
export type GetServiceUriErrorType = ChainReadErrorType

/**
 * ServiceRegistry.getServiceURI(address): where the orchestrator serves `/info`; empty when unset.
 *
 * @example
 * const uri = await getServiceUri(client, { address })
 */
export function getServiceUri(
  client: ChainClient,
  params: GetServiceUriParameters,
): Promise<GetServiceUriReturnType> {
  return readChainContract(client, {
    contract: 'serviceRegistry',
    abi: serviceRegistryAbi,
    functionName: 'getServiceURI',
    args: [params.address],
  })
}
