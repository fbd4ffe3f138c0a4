import { serviceRegistryAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link setServiceUri}. */
export type SetServiceUriParameters = { uri: string }
/** The mined transaction. */
export type SetServiceUriReturnType = ChainTxResult
/** Errors of {@link setServiceUri}. */
export type SetServiceUriErrorType = ChainWriteErrorType

/**
 * ServiceRegistry.setServiceURI(uri) for the wallet's account.
 *
 * @example
 * await setServiceUri(client, { uri: 'https://orch.example:8935' })
 */
export async function setServiceUri(
  client: ChainClient,
  params: SetServiceUriParameters,
): Promise<SetServiceUriReturnType> {
  return txResult(
    await writeChainContract(client, {
      contract: 'serviceRegistry',
      abi: serviceRegistryAbi,
      functionName: 'setServiceURI',
      args: [params.uri],
    }),
  )
}
