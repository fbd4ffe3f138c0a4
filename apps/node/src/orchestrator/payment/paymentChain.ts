/**
 * The narrow chain interface the payment managers read through. It extends what settlement
 * needs with round block hashes; the node's ChainClient is adapted to it in `chainAdapter.ts`.
 */
import type { Hex } from 'viem'
import type { RedemptionChain } from '../settlement/redemptionChain.ts'

/** Chain reads and writes used by payments, settlement and reward. */
export type PaymentChain = RedemptionChain & {
  /** RoundsManager.blockHashForRound(round); zero hash when the round was never initialized. */
  blockHashForRound(round: bigint): Promise<Hex>
}
