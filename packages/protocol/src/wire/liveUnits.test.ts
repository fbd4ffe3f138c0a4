import { describe, expect, it } from 'vitest'
import { LIVE_PIXELS_PER_SECOND } from '../pricing/constants.ts'
import { LIVE_INITIAL_CREDIT_PIXELS, LIVE_PAYMENT_INTERVAL_SECONDS, livePixels } from './liveUnits.ts'

describe('live AI units', () => {
  it('bills 1280 × 720 × 30 per second; the first payment covers 60 s', () => {
    expect(LIVE_PIXELS_PER_SECOND).toBe(1280n * 720n * 30n)
    expect(LIVE_INITIAL_CREDIT_PIXELS).toBe(1_658_880_000n)
    expect(LIVE_PAYMENT_INTERVAL_SECONDS).toBe(5)
  })
  it('truncates units for fractional seconds', () => {
    expect(livePixels(5000)).toBe(138_240_000n)
    expect(livePixels(1)).toBe(27_648n)
    expect(livePixels(1.9)).toBe(27_648n)
    expect(livePixels(0)).toBe(0n)
    expect(livePixels(-5)).toBe(0n)
  })
})
