/**
 * What the gateway needs from the payment side to pay for one segment with go-livepeer's credit
 * model (`PaymentSessionPayer` implements it): a `Livepeer-Payment` header per segment, holding
 * the ticket count that tops the credit of (orchestrator, auth token session) up to the
 * segment's estimated fee, and the settlement of the pixels the orchestrator reports.
 */
import type { net } from '@prism/protocol'

/** Context of one segment payment. */
export type SegmentPaymentRequest = {
  /** Orchestrator service URI. */
  uri: string
  /** The session's current OrchestratorInfo (auth token, ticket params, price). */
  info: net.OrchestratorInfo
  /** Output renditions (net form: width, height, fps, fpsDen). */
  profiles: readonly net.VideoProfile[]
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
  /** The segment failed after the payment was sent: its credit is spent. */
  handleFailure(req: SegmentPaymentRequest): void
  /** The sessions ended (their auth token session ids): their credit is forgotten. */
  forget(sessionIds: readonly string[]): void
}
