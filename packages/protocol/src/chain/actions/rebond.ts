import type { Address } from 'viem'
import { bondingManagerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link rebond}. */
export type RebondParameters = {
  unbondingLockId: bigint
  /** For a caller with nothing bonded any more: the orchestrator to bond to (rebondFromUnbonded). */
  to?: Address | undefined
}
/** The rebond transaction. */
export type RebondReturnType = ChainTxResult
/** Errors of {@link rebond}. */
export type RebondErrorType = ChainWriteErrorType

/**
 * Bonds an unbonding lock's LPT again: BondingManager.rebond(id) to the current delegate, or
 * rebondFromUnbonded(to, id) when `to` is given (the caller has nothing bonded).
 *
 * @throws ChainRevertError with `invalid unbonding lock ID`, `caller must be bonded`, `caller must be unbonded`.
 * @example
 * await rebond(client, { unbondingLockId: 0n })
 */
export async function rebond(client: ChainClient, params: RebondParameters): Promise<RebondReturnType> {
  const receipt = params.to
    ? await writeChainContract(client, {
        contract: 'bondingManager',
        abi: bondingManagerAbi,
        functionName: 'rebondFromUnbonded',
        args: [params.to, params.unbondingLockId],
      })
    : await writeChainContract(client, {
        contract: 'bondingManager',
        abi: bondingManagerAbi,
        functionName: 'rebond',
        args: [params.unbondingLockId],
      })
  return txResult(receipt)
}
