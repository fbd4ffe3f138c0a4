import { type Rational, ratCeil, ratCompare, ratDiv, ratMax, ratSub } from '../math/rational.ts'

/**
 * How many tickets a gateway sends to cover `fee` (docs/protocol.md §5.3): minCredit = max(fee, ev);
 * 0 if the existing credit already covers it, else ⌈(minCredit − credit) / ev⌉ (exact).
 * An EV of 0 (free params) needs no tickets.
 *
 * @param fee - wei to cover.
 * @param ev - EV of one ticket.
 * @param credit - credit the gateway already holds with this orchestrator.
 * @returns the number of tickets.
 * @example
 * ticketsNeeded(estimateFee(profiles, 2, rational(1200n)), ticketEV(faceValue, winProb), rational(0n)) // 4
 */
export function ticketsNeeded(fee: Rational, ev: Rational, credit: Rational): number {
  if (ev.num <= 0n) return 0
  const minCredit = ratMax(fee, ev)
  if (ratCompare(credit, minCredit) >= 0) return 0
  return Number(ratCeil(ratDiv(ratSub(minCredit, credit), ev)))
}
