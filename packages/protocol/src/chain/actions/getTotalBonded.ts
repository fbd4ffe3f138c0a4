import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Total active stake of the current round, LPT wei. */
export type GetTotalBondedReturnType = bigint
/** Errors of {@link getTotalBonded}. */
export type GetTotalBondedErrorType = ChainReadErrorType

/**
 * BondingManager.getTotalBonded(): the current round's total active stake (what each reward is
 * a share of).
 *
 * @example
 * const total = await getTotalBonded(client)
 */
export function getTotalBonded(client: ChainClient): Promise<GetTotalBondedReturnType> {
  return readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getTotalBonded',
  })
}
