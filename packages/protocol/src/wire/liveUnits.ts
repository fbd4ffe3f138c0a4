import { LIVE_PIXELS_PER_SECOND } from '../pricing/constants.ts'

/** Seconds of live video the first payment of a live AI session covers. */
export const LIVE_INITIAL_CREDIT_SECONDS = 60n
/** Pixels the first payment of a live AI session covers: 60 × 1280 × 720 × 30 = 1,658,880,000. */
export const LIVE_INITIAL_CREDIT_PIXELS: bigint = LIVE_INITIAL_CREDIT_SECONDS * LIVE_PIXELS_PER_SECOND
/** Default interval between live payments (`-livePaymentInterval`), in seconds. */
export const LIVE_PAYMENT_INTERVAL_SECONDS = 5

/**
 * Billable units for a stretch of live AI wall time: 27,648,000 per second whatever the actual
 * resolution, truncated to an integer.
 * @param milliseconds - wall time since the last billed instant.
 * @example livePixels(5000) // 138240000n
 */
export function livePixels(milliseconds: number): bigint {
  if (!Number.isFinite(milliseconds) || milliseconds <= 0) return 0n
  return (LIVE_PIXELS_PER_SECOND * BigInt(Math.floor(milliseconds))) / 1000n
}
