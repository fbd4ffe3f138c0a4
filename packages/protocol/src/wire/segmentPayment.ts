import { type Rational, rational, ratMax, ratMul } from '../math/rational.ts'
import { estimateFee, estimatePixels, type FeeProfile } from '../pricing/estimateFee.ts'
import { ticketsNeeded } from '../pricing/ticketsNeeded.ts'

/** Input of {@link segmentPaymentPlan}. */
export type SegmentPaymentInput = {
  /** Output renditions: preset names, or anything with width, height, fps and fpsDen (net.VideoProfile fits). */
  profiles: readonly FeeProfile[]
  /** Segment duration in seconds (rounded up). */
  durationSeconds: number
  /** Price per pixel from the current OrchestratorInfo. */
  price: Rational
  /** EV of one ticket (faceValue × winProb / (2^256 − 1)). */
  ticketEV: Rational
  /** The whole credit the gateway holds for (recipient, session). */
  credit: Rational
}

/** What a gateway pays for one segment. */
export type SegmentPaymentPlan = {
  /** Σ width × height × ⌈fps/fpsDen⌉ × ⌈seconds⌉ (fps 0 counts 60). */
  outPixels: bigint
  /** outPixels × 1.02 × price. */
  fee: Rational
  /** max(fee, ticketEV). */
  minCredit: Rational
  /** 0 when the credit covers minCredit, else ⌈(minCredit − credit) / ticketEV⌉. */
  numTickets: number
  /** numTickets × ticketEV: the credit the new tickets add. */
  newCredit: Rational
}

/**
 * How many tickets a go-livepeer gateway sends with a transcoding segment, and why.
 * @example
 * segmentPaymentPlan({ profiles: ['P240p30fps16x9', 'P360p30fps16x9'], durationSeconds: 2,
 *   price: rational(1200n), ticketEV: rational(8_000_000_000n), credit: rational(0n) }).numTickets // 4
 */
export function segmentPaymentPlan(input: SegmentPaymentInput): SegmentPaymentPlan {
  const fee = estimateFee(input.profiles, input.durationSeconds, input.price)
  const numTickets = ticketsNeeded(fee, input.ticketEV, input.credit)
  return {
    outPixels: estimatePixels(input.profiles, input.durationSeconds),
    fee,
    minCredit: ratMax(fee, input.ticketEV),
    numTickets,
    newCredit: ratMul(rational(BigInt(numTickets)), input.ticketEV),
  }
}
