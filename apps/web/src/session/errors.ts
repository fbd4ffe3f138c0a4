import { BaseError } from '@prism/protocol'

/** Why a WHIP exchange failed. */
export type WhipErrorReason = 'http' | 'network' | 'sdp' | 'sign'

/** The WHIP request to an orchestrator failed. Code `WEB_WHIP_FAILED`; `reason` says how. */
export class WhipError extends BaseError {
  override name = 'WhipError'
  /** How it failed: an HTTP error status, a network error, an unusable answer, or the key could not sign. */
  readonly reason: WhipErrorReason
  constructor(reason: WhipErrorReason, message: string, cause?: unknown) {
    super('WEB_WHIP_FAILED', message, { cause })
    this.reason = reason
  }
}

/** The camera could not be opened (no device, permission refused). Code `WEB_CAMERA_FAILED`. */
export class CameraError extends BaseError {
  override name = 'CameraError'
  constructor(message: string, cause?: unknown) {
    super('WEB_CAMERA_FAILED', message, { cause })
  }
}
