import type { ChainClient } from '../client.ts'
import type { ChainTxResult } from '../contractCall.ts'
import { ChainAccountMissingError, type ChainWriteErrorType } from '../errors.ts'
import { bond } from './bond.ts'
import { setServiceUri } from './setServiceUri.ts'
import { setTranscoderParams } from './setTranscoderParams.ts'

/** Parameters of {@link registerTranscoder}. */
export type RegisterTranscoderParameters = {
  /** LPT to bond to itself (the wallet must hold it), wei. */
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
 * Registers the wallet's account as an orchestrator: approve and bond LPT to itself, set reward
 * cut and fee share, and optionally the service URI. Active from the next round (if its stake
 * ranks within the pool).
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
  await bond(client, { amount: params.stake, to: self })
  const tx = await setTranscoderParams(client, {
    rewardCut: params.rewardCut ?? 100_000n,
    feeShare: params.feeShare ?? 500_000n,
  })
  if (params.serviceUri !== undefined) return setServiceUri(client, { uri: params.serviceUri })
  return tx
}
