/** Errors of the headless gateway, the orchestrator's `POST /segment` and attached transcoders. */
import { BaseError } from '@prism/protocol'

/** The `Livepeer-Segment` header is missing, malformed or not signed by the sender. Code `SEGMENT_SIG_INVALID` (403, go-livepeer "ErrSegSig"). */
export class SegmentSigInvalidError extends BaseError {
  override name = 'SegmentSigInvalidError'
  constructor(details: string) {
    super('SEGMENT_SIG_INVALID', 'segment signature invalid (ErrSegSig)', { httpStatus: 403, details })
  }
}

/** The body's keccak256 differs from SegData.hash. Code `SEGMENT_HASH_MISMATCH` (403). */
export class SegmentHashMismatchError extends BaseError {
  override name = 'SegmentHashMismatchError'
  constructor() {
    super('SEGMENT_HASH_MISMATCH', 'segment body hash does not match the signed hash', { httpStatus: 403 })
  }
}

/** The segment body is larger than the orchestrator accepts. Code `SEGMENT_TOO_LARGE` (413). */
export class SegmentTooLargeError extends BaseError {
  override name = 'SegmentTooLargeError'
  constructor(limit: number) {
    super('SEGMENT_TOO_LARGE', `segment larger than ${limit} bytes`, { httpStatus: 413 })
  }
}

/** The segment asks for no profile or one the node does not know. Code `SEGMENT_PROFILE_UNKNOWN` (400). */
export class SegmentProfileUnknownError extends BaseError {
  override name = 'SegmentProfileUnknownError'
  constructor(details: string) {
    super('SEGMENT_PROFILE_UNKNOWN', 'segment requests an unknown video profile', { details })
  }
}

/** The payment carried with a segment was refused. Code `SEGMENT_PAYMENT_INVALID` (400). */
export class SegmentPaymentInvalidError extends BaseError {
  override name = 'SegmentPaymentInvalidError'
  constructor(details: string, cause?: unknown) {
    super('SEGMENT_PAYMENT_INVALID', 'segment payment refused', {
      details,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

/** ffmpeg failed to transcode a segment. Code `SEGMENT_TRANSCODE_FAILED` (500). */
export class SegmentTranscodeFailedError extends BaseError {
  override name = 'SegmentTranscodeFailedError'
  constructor(details: string, cause?: unknown) {
    super('SEGMENT_TRANSCODE_FAILED', 'segment transcode failed', {
      httpStatus: 500,
      details,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

/** Every attempt to get a segment transcoded failed (`-maxAttempts`). Code `GATEWAY_SEGMENT_FAILED`. */
export class GatewaySegmentFailedError extends BaseError {
  override name = 'GatewaySegmentFailedError'
  constructor(seq: number, attempts: number, cause?: unknown) {
    super('GATEWAY_SEGMENT_FAILED', `segment ${seq} failed after ${attempts} attempt(s)`, {
      httpStatus: 502,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

/** No orchestrator is available (none configured, all suspended or unreachable). Code `GATEWAY_NO_ORCHESTRATOR`. */
export class GatewayNoOrchestratorError extends BaseError {
  override name = 'GatewayNoOrchestratorError'
  constructor(details = '') {
    super('GATEWAY_NO_ORCHESTRATOR', 'no orchestrator available', { httpStatus: 503, details })
  }
}

/** An orchestrator answered a segment with an error or an unreadable result. Code `GATEWAY_ORCHESTRATOR_ERROR`. */
export class GatewayOrchestratorError extends BaseError {
  override name = 'GatewayOrchestratorError'
  /** HTTP status the orchestrator answered with (0 when the request itself failed). */
  readonly status: number
  constructor(uri: string, status: number, details: string, cause?: unknown) {
    super('GATEWAY_ORCHESTRATOR_ERROR', `orchestrator ${uri} failed the segment`, {
      httpStatus: 502,
      details: `status ${status}: ${details}`,
      ...(cause === undefined ? {} : { cause }),
    })
    this.status = status
  }
}

/** A rendition failed verification (wrong resolution, pixel count or SSIM). Code `GATEWAY_VERIFICATION_FAILED`. */
export class GatewayVerificationFailedError extends BaseError {
  override name = 'GatewayVerificationFailedError'
  constructor(details: string) {
    super('GATEWAY_VERIFICATION_FAILED', 'rendition verification failed', { httpStatus: 502, details })
  }
}

/** The gateway's signing key could not be read. Code `GATEWAY_KEY_INVALID`. */
export class GatewayKeyInvalidError extends BaseError {
  override name = 'GatewayKeyInvalidError'
  constructor(details: string, cause?: unknown) {
    super('GATEWAY_KEY_INVALID', 'cannot read the gateway signing key', {
      details,
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

/** A transcoder presented a wrong or missing secret. Code `TRANSCODER_AUTH_INVALID` (401). */
export class TranscoderAuthInvalidError extends BaseError {
  override name = 'TranscoderAuthInvalidError'
  constructor() {
    super('TRANSCODER_AUTH_INVALID', 'transcoder secret missing or wrong', { httpStatus: 401 })
  }
}

/** A job result arrived for an unknown or already finished job. Code `TRANSCODER_JOB_UNKNOWN` (404). */
export class TranscoderJobUnknownError extends BaseError {
  override name = 'TranscoderJobUnknownError'
  constructor(id: string) {
    super('TRANSCODER_JOB_UNKNOWN', `unknown transcoder job ${id}`, { httpStatus: 404 })
  }
}

/** DELETE on a WHIP Location that the gateway does not know (ended or never created). Code `GATEWAY_WHIP_UNKNOWN` (404). */
export class GatewayWhipUnknownError extends BaseError {
  override name = 'GatewayWhipUnknownError'
  constructor(id: string) {
    super('GATEWAY_WHIP_UNKNOWN', `no WHIP ingest ${id}`, { httpStatus: 404 })
  }
}
