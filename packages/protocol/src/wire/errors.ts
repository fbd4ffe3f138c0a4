/**
 * Errors of go-livepeer's wire protocol. Each carries, as its message, the exact text a go-livepeer
 * node puts on the wire for the same failure (gRPC status message, HTTP body or TranscodeResult
 * error), so a go-livepeer peer that matches on the text reacts as it would to its own kind.
 */
import { BaseError } from '../errors/base.ts'

/** Prefix go-livepeer puts before a GetOrchestrator refusal. */
export const INVALID_ORCHESTRATOR_REQUEST = 'Invalid orchestrator request'

/** GetOrchestrator: the request signature does not recover to the request's address. */
export class RequestSigInvalidError extends BaseError {
  override name = 'RequestSigInvalidError'
  constructor(details?: string) {
    super(
      'WIRE_REQUEST_SIG_INVALID',
      `${INVALID_ORCHESTRATOR_REQUEST}: orchestrator req sig check failed`,
      details ? { details, httpStatus: 403 } : { httpStatus: 403 },
    )
  }
}

/**
 * The orchestrator has no room for another session (or no idle live AI container). The text is
 * `OrchestratorCapped`, prefixed with `Invalid orchestrator request: ` on GetOrchestrator.
 */
export class OrchestratorCappedError extends BaseError {
  override name = 'OrchestratorCappedError'
  constructor(options: { discovery?: boolean } = {}) {
    super(
      'WIRE_ORCHESTRATOR_CAPPED',
      options.discovery ? `${INVALID_ORCHESTRATOR_REQUEST}: OrchestratorCapped` : 'OrchestratorCapped',
      { httpStatus: 403 },
    )
  }
}

/** SegData carries no auth token. */
export class AuthTokenMissingError extends BaseError {
  override name = 'AuthTokenMissingError'
  constructor() {
    super('WIRE_AUTH_TOKEN_MISSING', 'missing auth token', { httpStatus: 403 })
  }
}

/**
 * The auth token's HMAC does not match (a token from another orchestrator process, or altered).
 * The text is `invalid auth token` on /segment and `Invalid auth token` on EndTranscodingSession.
 */
export class AuthTokenInvalidError extends BaseError {
  override name = 'AuthTokenInvalidError'
  constructor(options: { endSession?: boolean } = {}) {
    super('WIRE_AUTH_TOKEN_INVALID', options.endSession ? 'Invalid auth token' : 'invalid auth token', {
      httpStatus: 403,
    })
  }
}

/** The auth token's expiration has passed. */
export class AuthTokenExpiredError extends BaseError {
  override name = 'AuthTokenExpiredError'
  constructor(details?: string) {
    super(
      'WIRE_AUTH_TOKEN_EXPIRED',
      'expired auth token',
      details ? { details, httpStatus: 403 } : { httpStatus: 403 },
    )
  }
}

/** The job's capabilities are not a subset of the orchestrator's (or of a transcoder's). */
export class CapabilitiesIncompatibleError extends BaseError {
  override name = 'CapabilitiesIncompatibleError'
  constructor(details?: string) {
    super(
      'WIRE_CAPABILITIES_INCOMPATIBLE',
      'incompatible capabilities',
      details ? { details, httpStatus: 403 } : { httpStatus: 403 },
    )
  }
}

/** SegData duration below 0 or above 300,000 ms. */
export class SegmentDurationInvalidError extends BaseError {
  override name = 'SegmentDurationInvalidError'
  constructor(durationMs: number) {
    super('WIRE_SEGMENT_DURATION_INVALID', 'invalid duration', {
      details: `${durationMs} ms`,
      httpStatus: 403,
    })
  }
}

/** The Livepeer-Segment header is not padded standard base64. */
export class SegmentEncodingError extends BaseError {
  override name = 'SegmentEncodingError'
  constructor(details?: string) {
    super(
      'WIRE_SEGMENT_ENCODING',
      'ErrorSegEncoding',
      details ? { details, httpStatus: 403 } : { httpStatus: 403 },
    )
  }
}

/** The SegData signature does not recover to the payment's sender. */
export class SegmentSigInvalidError extends BaseError {
  override name = 'SegmentSigInvalidError'
  constructor(details?: string) {
    super(
      'WIRE_SEGMENT_SIG_INVALID',
      'ErrSegSig',
      details ? { details, httpStatus: 403 } : { httpStatus: 403 },
    )
  }
}

/** Which VideoProfile enum held a value outside go-livepeer's table. */
export type ProfileFieldReason = 'format' | 'profile' | 'encoder'

const PROFILE_TEXT: Record<ProfileFieldReason, string> = {
  format: 'unrecognized profile output format',
  profile: 'unrecognized encoder profile',
  encoder: 'unrecognized video codec',
}

/** A VideoProfile with an output format, encoder profile or codec that go-livepeer does not know. */
export class ProfileUnsupportedError extends BaseError {
  override name = 'ProfileUnsupportedError'
  /** Which field was out of range. */
  readonly reason: ProfileFieldReason
  constructor(reason: ProfileFieldReason, value: number) {
    super('WIRE_PROFILE_UNSUPPORTED', PROFILE_TEXT[reason], { details: `value ${value}`, httpStatus: 403 })
    this.reason = reason
  }
}

/** A rendition profile without a name: the segment signature covers names, so it must never be empty. */
export class ProfileNameEmptyError extends BaseError {
  override name = 'ProfileNameEmptyError'
  constructor(index: number) {
    super('WIRE_PROFILE_NAME_EMPTY', 'profile name must not be empty', { details: `profile #${index}` })
  }
}

/** Bytes that are not a valid protobuf encoding of the expected net message. */
export class WireDecodeFailedError extends BaseError {
  override name = 'WireDecodeFailedError'
  constructor(message: string, cause: unknown) {
    super('WIRE_DECODE_FAILED', `protobuf unmarshal error: ${message}`, { cause, httpStatus: 403 })
  }
}

/** RegisterTranscoder with a secret other than the orchestrator's. */
export class TranscoderSecretInvalidError extends BaseError {
  override name = 'TranscoderSecretInvalidError'
  constructor() {
    super('WIRE_TRANSCODER_SECRET_INVALID', 'invalid secret', { httpStatus: 401 })
  }
}

/** RegisterTranscoder with capacity ≤ 0. */
export class TranscoderCapacityZeroError extends BaseError {
  override name = 'TranscoderCapacityZeroError'
  constructor() {
    super('WIRE_TRANSCODER_CAPACITY_ZERO', 'zero capacity')
  }
}
