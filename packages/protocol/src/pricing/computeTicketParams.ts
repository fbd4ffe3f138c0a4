import { ReserveInsufficientError } from '../errors/pricing.ts'
import { MAX_WIN_PROB } from '../ticket/constants.ts'
import { AVG_GAS_PRICE, DEFAULT_EV_MULTIPLIER, DEFAULT_TX_COST_MULTIPLIER } from './constants.ts'

/** Parameters of {@link computeTicketParams}. */
export type ComputeTicketParamsParameters = {
  /** Target ticket EV in wei (`-ticketEV`, default 8e9). */
  ev: bigint
  /** Gas of one redemption (1.2e6 on Arbitrum, 3.5e5 on L1). */
  redeemGas: bigint
  /** faceValue = txCost × this. Default: 100. */
  txCostMultiplier?: bigint
  /** Current gas price in wei. */
  gasPrice: bigint
  /** The sender's max float (reserve share); faceValue is capped by it. Omit for no cap. */
  maxFloat?: bigint
  /** Cap on faceValue (`-maxFaceValue`); 0 = no cap. Default: 0. */
  maxFaceValue?: bigint
  /** Used when txCost × multiplier < EV: faceValue = EV × this. Default: 100. */
  evMultiplier?: bigint
  /** Gas price of the faceValue floor. Default: 3 gwei. */
  avgGasPrice?: bigint
  /** The price per pixel is zero: return "no payment" params (0, 0). Default: false. */
  free?: boolean
}

/** Return type of {@link computeTicketParams}. */
export type ComputeTicketParamsReturnType = { faceValue: bigint; winProb: bigint }
/** Errors of {@link computeTicketParams}. */
export type ComputeTicketParamsErrorType = ReserveInsufficientError

/**
 * Chooses faceValue and winProb as go-livepeer does (docs/protocol.md §2.6): faceValue = txCost ×
 * 100 (or EV × 100 when that is below EV), capped by maxFloat and maxFaceValue; winProb rounds
 * up so the ticket EV is at least `ev`.
 *
 * @returns `{ faceValue, winProb }`.
 * @throws RESERVE_INSUFFICIENT ("insufficient sender reserve") when the capped faceValue is below
 *   the EV, or below both the tx cost and redeemGas × 3 gwei.
 * @example
 * computeTicketParams({ ev: 8_000_000_000n, redeemGas: 1_200_000n, gasPrice: 10_000_000n, maxFloat: 10n ** 18n })
 * // { faceValue: 1200000000000000n, winProb: 771947261582107969490473233391252719021799897770937093596383896000000000n }
 */
export function computeTicketParams(params: ComputeTicketParamsParameters): ComputeTicketParamsReturnType {
  const { ev, redeemGas, gasPrice } = params
  if (params.free) return { faceValue: 0n, winProb: 0n }
  const txCost = redeemGas * gasPrice
  let faceValue = txCost * (params.txCostMultiplier ?? DEFAULT_TX_COST_MULTIPLIER)
  if (faceValue < ev) faceValue = ev * (params.evMultiplier ?? DEFAULT_EV_MULTIPLIER)
  if (params.maxFloat !== undefined && params.maxFloat < faceValue) faceValue = params.maxFloat
  const maxFaceValue = params.maxFaceValue ?? 0n
  if (maxFaceValue > 0n && maxFaceValue < faceValue) faceValue = maxFaceValue
  if (faceValue < ev) throw new ReserveInsufficientError(`faceValue ${faceValue} < ticket EV ${ev}`)
  if (faceValue < txCost && faceValue < redeemGas * (params.avgGasPrice ?? AVG_GAS_PRICE))
    throw new ReserveInsufficientError(`faceValue ${faceValue} < redeem tx cost ${txCost}`)
  return { faceValue, winProb: winProbFor(faceValue, ev) }
}

/**
 * winProb for a faceValue and EV: 0 when faceValue is 0, the maximum when faceValue = EV, else
 * EV × ⌈(2^256 − 1) / faceValue⌉ with go-livepeer's remainder test on the low 64 bits.
 * @example winProbFor(1000n, 1000n) === MAX_WIN_PROB
 */
export function winProbFor(faceValue: bigint, ev: bigint): bigint {
  if (faceValue === 0n) return 0n
  if (faceValue === ev) return MAX_WIN_PROB
  const q = MAX_WIN_PROB / faceValue
  const r = MAX_WIN_PROB % faceValue
  return ev * ((r & 0xffffffffffffffffn) !== 0n ? q + 1n : q)
}
