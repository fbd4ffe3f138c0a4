import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_WIN_PROB } from './constants.ts'
import { ticketEV } from './ticketEV.ts'

describe('ticketEV', () => {
  it('uses 2^256 − 1 as the denominator (not 2^256)', () => {
    expect(ticketEV(1000n, MAX_WIN_PROB)).toEqual({ num: 1000n, den: 1n })
    expect(ticketEV(1000n, 0n)).toEqual({ num: 0n, den: 1n })
    expect(ticketEV(3n, 1n)).toEqual({ num: 1n, den: MAX_WIN_PROB / 3n })
  })

  it('vector 3 params give an EV just above 8e9', () => {
    const ev = ticketEV(
      1200000000000000n,
      771947261582107969490473233391252719021799897770937093596383896000000000n,
    )
    expect(ev.num > 8_000_000_000n * ev.den).toBe(true)
    expect(ev.num < 8_000_000_001n * ev.den).toBe(true)
  })

  it('property: EV × (2^256 − 1) = faceValue × winProb exactly, and EV ≤ faceValue', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: MAX_WIN_PROB }),
        (fv, wp) => {
          const ev = ticketEV(fv, wp)
          expect(ev.num * MAX_WIN_PROB).toBe(fv * wp * ev.den)
          expect(ev.num <= fv * ev.den).toBe(true)
        },
      ),
    )
  })
})
