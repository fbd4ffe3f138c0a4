import type { ChainClient } from '../client.ts'
import { guardChainCall, rpcUrlOf } from '../contractCall.ts'
import { ChainIdMismatchError, type ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link verifyChainId}. */
export type VerifyChainIdParameters = {
  /** Chain id the network has (42161 for arbitrum-one, the deployment's for dev). */
  expected: number
  /** Network name, for the error message. */
  network: string
}
/** The chain id the RPC reported (equal to `expected`). */
export type VerifyChainIdReturnType = number
/** Errors of {@link verifyChainId}. */
export type VerifyChainIdErrorType = ChainIdMismatchError | ChainReadErrorType

/**
 * Asks the RPC for its chain id (`eth_chainId`) and checks it is the network's, so a node never
 * signs or redeems against another chain than the one it was configured for.
 *
 * @throws ChainIdMismatchError (`CHAIN_ID_MISMATCH`) when they differ.
 * @example
 * await verifyChainId(client, { expected: network.chainId, network: network.name })
 */
export async function verifyChainId(
  client: ChainClient,
  params: VerifyChainIdParameters,
): Promise<VerifyChainIdReturnType> {
  const actual = await guardChainCall(client, 'eth_chainId', () => client.public.getChainId())
  if (actual !== params.expected)
    throw new ChainIdMismatchError({
      network: params.network,
      expected: params.expected,
      actual,
      rpcUrl: rpcUrlOf(client),
    })
  return actual
}
