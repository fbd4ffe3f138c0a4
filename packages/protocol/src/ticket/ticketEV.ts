import { type Rational, rational } from '../math/rational.ts'
import { MAX_WIN_PROB } from './constants.ts'

/**
 * A ticket's expected value in wei: faceValue × winProb / (2^256 − 1), exact (docs/protocol.md §1.4).
 *
 * @param faceValue - wei.
 * @param winProb - numerator over 2^256 − 1.
 * @returns reduced rational.
 * @example
 * ticketEV(1000n, MAX_WIN_PROB) // { num: 1000n, den: 1n }
 */
export function ticketEV(faceValue: bigint, winProb: bigint): Rational {
  return rational(faceValue * winProb, MAX_WIN_PROB)
}
