import type { Address } from 'viem'
import { bondingManagerAbi, livepeerTokenAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, readChainContract, txResult, writeChainContract } from '../contractCall.ts'
import { ChainAccountMissingError, type ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link bond}. */
export type BondParameters = {
  /** LPT to add, wei (0 moves existing stake to `to`). */
  amount: bigint
  /** Orchestrator to bond to; the caller's own address registers it as an orchestrator. */
  to: Address
}
/** The bond transaction. */
export type BondReturnType = ChainTxResult
/** Errors of {@link bond}. */
export type BondErrorType = ChainWriteErrorType

/**
 * Bonds LPT from the wallet to an orchestrator: approves the BondingManager for `amount` when its
 * allowance is short, then BondingManager.bond(amount, to). Earnings so far are claimed first;
 * the stake counts from the next round.
 *
 * @throws ChainRevertError with e.g. `delegation amount must be greater than 0`,
 *   `registered transcoders can't delegate towards other addresses`, or the ERC-20's error.
 * @example
 * await bond(client, { amount: parseEther('100'), to: orchestrator })
 */
export async function bond(client: ChainClient, params: BondParameters): Promise<BondReturnType> {
  const self = client.wallet?.account?.address
  if (!self) throw new ChainAccountMissingError('bond')
  if (params.amount > 0n) {
    const allowance = await readChainContract(client, {
      contract: 'livepeerToken',
      abi: livepeerTokenAbi,
      functionName: 'allowance',
      args: [self, client.contracts.bondingManager],
    })
    if (allowance < params.amount)
      await writeChainContract(client, {
        contract: 'livepeerToken',
        abi: livepeerTokenAbi,
        functionName: 'approve',
        args: [client.contracts.bondingManager, params.amount],
      })
  }
  return txResult(
    await writeChainContract(client, {
      contract: 'bondingManager',
      abi: bondingManagerAbi,
      functionName: 'bond',
      args: [params.amount, params.to],
    }),
  )
}
