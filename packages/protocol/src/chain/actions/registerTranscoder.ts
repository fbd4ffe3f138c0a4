import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import { ChainAccountMissingError, type ChainWriteErrorType } from '../errors.ts'
import { setServiceUri } from './setServiceUri.ts'

/** Parameters of {@link registerTranscoder} (dev chain: stake is free, self-bond only). */
export type RegisterTranscoderParameters = {
  /** Self-stake. */
  stake: bigint
  /** Share of rewards kept, parts per million. Default: 100000 (10%). */
  rewardCut?: bigint
  /** Share of fees given to delegators, parts per million. Default: 500000 (50%). */
  feeShare?: bigint
  /** Service URI to publish, if any. */
  serviceUri?: string
}
/** The last mined transaction. */
export type RegisterTranscoderReturnType = ChainTxResult
/** Errors of {@link registerTranscoder}. */
export type RegisterTranscoderErrorType = ChainWriteErrorType

/**
 * Registers the wallet's account as an orchestrator on Prism's dev contracts: bond (self, free
 * stake), set reward cut and fee share, and optionally the service URI. Active from the next
 * round. (On arbitrum-one bonding needs LPT and an approval first; this targets the dev chain.)
 *
 * @example
 * await registerTranscoder(client, { stake: parseEther('10'), serviceUri: 'https://127.0.0.1:8935' })
 */
export async function registerTranscoder(
  client: ChainClient,
  params: RegisterTranscoderParameters,
): Promise<RegisterTranscoderReturnType> {
  const self = client.wallet?.account?.address
  if (!self) throw new ChainAccountMissingError('registerTranscoder')
  await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'bond',
    args: [params.stake, self],
  })
  const receipt = await writeChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'transcoder',
    args: [params.rewardCut ?? 100_000n, params.feeShare ?? 500_000n],
  })
  if (params.serviceUri !== undefined) return setServiceUri(client, { uri: params.serviceUri })
  return txResult(receipt)
}
