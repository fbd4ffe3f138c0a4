import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ratAdd, ratCompare, rational, ratMax, ratMul, ratSub } from '../math/rational.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import { estimateFee } from './estimateFee.ts'
import { ticketsNeeded } from './ticketsNeeded.ts'

const EV3 = ticketEV(
  1_200_000_000_000_000n,
  771947261582107969490473233391252719021799897770937093596383896000000000n,
)

describe('ticketsNeeded', () => {
  it('docs/protocol.md §11 vector 4: 4 tickets with no credit', () => {
    const fee = estimateFee(['P240p30fps16x9', 'P360p30fps16x9'], 2, rational(1200n))
    expect(ticketsNeeded(fee, EV3, rational(0n))).toBe(4)
    const credit = ratMul(rational(4n), EV3)
    expect(ratCompare(credit, rational(32_000_000_000n))).toBe(1)
  })

  it('sends none when credit covers max(fee, ev), and at least one for a tiny fee', () => {
    expect(ticketsNeeded(rational(100n), EV3, EV3)).toBe(0)
    expect(ticketsNeeded(rational(1n), EV3, rational(0n))).toBe(1)
    expect(ticketsNeeded(rational(1n), rational(0n), rational(0n))).toBe(0)
  })

  it('property: n tickets cover the shortfall, n − 1 do not', () => {
    const pos = fc.bigInt({ min: 1n, max: 10n ** 24n })
    fc.assert(
      fc.property(
        pos,
        pos,
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 1000n }),
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
        (en, ed, k, d, c) => {
          // fee and credit within a million EVs, so the ticket count stays a safe integer
          const ev = rational(en, ed)
          const fee = rational(en * k, ed * d)
          const credit = rational(en * c, ed * 7n)
          const n = ticketsNeeded(fee, ev, credit)
          const min = ratMax(fee, ev)
          const after = ratAdd(credit, ratMul(rational(BigInt(n)), ev))
          if (n === 0) expect(ratCompare(credit, min)).toBeGreaterThanOrEqual(0)
          else {
            expect(ratCompare(after, min)).toBeGreaterThanOrEqual(0)
            expect(ratCompare(ratSub(after, ev), min)).toBe(-1)
          }
        },
      ),
    )
  })
})
