import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReserveInsufficientError } from '../errors/pricing.ts'
import { ratCompare, rational, ratSub } from '../math/rational.ts'
import { MAX_WIN_PROB } from '../ticket/constants.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import { computeTicketParams, winProbFor } from './computeTicketParams.ts'

const V3 = { ev: 8_000_000_000n, redeemGas: 1_200_000n, gasPrice: 10_000_000n, txCostMultiplier: 100n }

describe('computeTicketParams', () => {
  it('docs/protocol.md §11 vector 3: Arbitrum faceValue and rounded-up winProb', () => {
    const { faceValue, winProb } = computeTicketParams({ ...V3, maxFloat: 10n ** 18n, maxFaceValue: 0n })
    expect(faceValue).toBe(1_200_000_000_000_000n)
    expect(winProb).toBe(771947261582107969490473233391252719021799897770937093596383896000000000n)
    const excess = ratSub(ticketEV(faceValue, winProb), rational(V3.ev))
    expect(excess.num > 0n).toBe(true)
    // ≈ 2.7e-53 wei
    expect(ratCompare(excess, rational(1n, 10n ** 52n))).toBe(-1)
    expect(ratCompare(excess, rational(1n, 10n ** 53n))).toBe(1)
  })

  it('uses EV × 100 when txCost × 100 is below the EV', () => {
    expect(computeTicketParams({ ev: 8_000_000_000n, redeemGas: 1n, gasPrice: 1n }).faceValue).toBe(
      800_000_000_000n,
    )
  })

  it('caps faceValue by maxFloat, then by maxFaceValue', () => {
    expect(computeTicketParams({ ...V3, maxFloat: 10n ** 14n }).faceValue).toBe(10n ** 14n)
    expect(
      computeTicketParams({ ...V3, maxFloat: 10n ** 14n, maxFaceValue: 5n * 10n ** 13n }).faceValue,
    ).toBe(5n * 10n ** 13n)
    expect(computeTicketParams({ ...V3, maxFaceValue: 2n * 10n ** 13n }).faceValue).toBe(2n * 10n ** 13n)
  })

  it('throws RESERVE_INSUFFICIENT below the EV or below both tx cost and the 3 gwei floor', () => {
    expect(() => computeTicketParams({ ...V3, maxFloat: 7_999_999_999n })).toThrow(ReserveInsufficientError)
    // txCost 1.2e13 > faceValue 1e13 but the 3 gwei floor is 3.6e15 > 1e13 too -> error
    expect(() => computeTicketParams({ ...V3, maxFloat: 10n ** 13n })).toThrow(/insufficient sender reserve/)
    // faceValue below txCost but above the 3 gwei floor: allowed
    const high = { ev: 8_000_000_000n, redeemGas: 1_200_000n, gasPrice: 10n ** 10n }
    expect(computeTicketParams({ ...high, maxFloat: 4n * 10n ** 15n }).faceValue).toBe(4n * 10n ** 15n)
  })

  it('gives winProb max when faceValue = EV and 0/0 when free', () => {
    expect(
      computeTicketParams({ ev: 1000n, redeemGas: 1n, gasPrice: 1n, maxFloat: 1000n, avgGasPrice: 1n }),
    ).toEqual({
      faceValue: 1000n,
      winProb: MAX_WIN_PROB,
    })
    expect(computeTicketParams({ ...V3, free: true })).toEqual({ faceValue: 0n, winProb: 0n })
    expect(winProbFor(0n, 5n)).toBe(0n)
  })

  it('property: ticket EV ≥ configured EV and overshoots by < EV/faceValue... at most one step', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 2n, max: 10n ** 6n }),
        (ev, mult) => {
          const faceValue = ev * mult
          const winProb = winProbFor(faceValue, ev)
          const got = ticketEV(faceValue, winProb)
          expect(ratCompare(got, rational(ev))).toBeGreaterThanOrEqual(0)
          // one step of winProb (= ev) adds ev × faceValue / MAX: the overshoot is below that.
          expect(ratCompare(ratSub(got, rational(ev)), rational(ev * faceValue, MAX_WIN_PROB))).toBe(-1)
        },
      ),
    )
  })
})
