/**
 * What the gateway needs from the payment side to pay for one segment (the protocol package's
 * `PaymentSession` fits behind it): a `Livepeer-Payment` header per (orchestrator, segment) and the
 * settlement of the pixels the orchestrator reports.
 */
import type { VideoProfile } from '../../media/profiles.ts'

/** Context of one segment payment. */
export type SegmentPaymentRequest = {
  /** Orchestrator service URI. */
  uri: string
  manifestId: string
  profiles: readonly VideoProfile[]
  durationMs: number
}

/** Pays orchestrators for segments. */
export type SegmentPayer = {
  /** Address that signs tickets and segments. */
  readonly sender: `0x${string}`
  /**
   * Returns the `Livepeer-Payment` header for this segment (base64 protobuf Payment) and the number
   * of tickets in it; throws a BaseError when no payment can be made (then the orchestrator is skipped).
   */
  paymentFor(req: SegmentPaymentRequest): Promise<{ header: string; tickets: number }>
  /** Settles the segment once the orchestrator answered: `pixels` is the sum it reported. */
  handleResult(req: SegmentPaymentRequest, pixels: bigint): void
  /** The segment failed after the payment was sent. */
  handleFailure(req: SegmentPaymentRequest): void
}
