import { describe, expect, it } from 'vitest'
import { ratFloor, rational } from '../math/rational.ts'
import { segmentPaymentPlan } from './segmentPayment.ts'
import { toNetVideoProfiles } from './videoProfile.ts'

describe('segment fee and ticket count (test vector)', () => {
  const base = {
    price: rational(1200n),
    ticketEV: rational(8_000_000_000n),
    durationSeconds: 2,
    credit: rational(0n),
  }

  it('1200 wei/pixel, 240p + 360p at 30 fps, 2 s: 4 tickets', () => {
    const plan = segmentPaymentPlan({ ...base, profiles: ['P240p30fps16x9', 'P360p30fps16x9'] })
    expect(plan.outPixels).toBe(19_958_400n)
    expect(ratFloor(plan.fee)).toBe(24_429_081_600n)
    expect(plan.minCredit).toEqual(plan.fee)
    expect(plan.numTickets).toBe(4)
    expect(plan.newCredit).toEqual(rational(32_000_000_000n))
  })

  it('takes net.VideoProfile renditions as well as preset names', () => {
    const plan = segmentPaymentPlan({
      ...base,
      profiles: toNetVideoProfiles(['P240p30fps16x9', 'P360p30fps16x9']),
    })
    expect(plan.outPixels).toBe(19_958_400n)
    expect(plan.numTickets).toBe(4)
  })

  it('sends nothing when the credit covers the fee, at least one ticket EV otherwise', () => {
    const profiles = ['P240p30fps16x9', 'P360p30fps16x9']
    expect(segmentPaymentPlan({ ...base, profiles, credit: rational(25_000_000_000n) }).numTickets).toBe(0)
    const cheap = segmentPaymentPlan({ ...base, profiles, price: rational(1n, 1000n) })
    expect(cheap.minCredit).toEqual(base.ticketEV)
    expect(cheap.numTickets).toBe(1)
  })
})
