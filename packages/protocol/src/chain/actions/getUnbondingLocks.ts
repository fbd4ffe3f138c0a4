import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { readChainContract } from '../contractCall.ts'
import type { ChainReadErrorType } from '../errors.ts'

/** Parameters of {@link getUnbondingLocks}. */
export type GetUnbondingLocksParameters = { delegator: Address }
/** One unbonding lock. */
export type UnbondingLock = { id: bigint; amount: bigint; withdrawRound: bigint }
/** The delegator's unbonding locks still held (not withdrawn nor rebonded), oldest first. */
export type GetUnbondingLocksReturnType = UnbondingLock[]
/** Errors of {@link getUnbondingLocks}. */
export type GetUnbondingLocksErrorType = ChainReadErrorType

/**
 * The delegator's open unbonding locks: getDelegatorUnbondingLock(delegator, id) for every id
 * below nextUnbondingLockId, keeping those with a withdraw round (a withdrawn or rebonded lock is
 * deleted).
 *
 * @example
 * const locks = await getUnbondingLocks(client, { delegator })
 * const ready = locks.filter((l) => l.withdrawRound <= currentRound)
 */
export async function getUnbondingLocks(
  client: ChainClient,
  params: GetUnbondingLocksParameters,
): Promise<GetUnbondingLocksReturnType> {
  const [, , , , , , next] = await readChainContract(client, {
    contract: 'bondingManager',
    abi: bondingManagerAbi,
    functionName: 'getDelegator',
    args: [params.delegator],
  })
  const ids = Array.from({ length: Number(next) }, (_, i) => BigInt(i))
  const locks = await Promise.all(
    ids.map(async (id) => {
      const [amount, withdrawRound] = await readChainContract(client, {
        contract: 'bondingManager',
        abi: bondingManagerAbi,
        functionName: 'getDelegatorUnbondingLock',
        args: [params.delegator, id],
      })
      return { id, amount, withdrawRound }
    }),
  )
  return locks.filter((l) => l.withdrawRound > 0n)
}
