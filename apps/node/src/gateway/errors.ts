/** Errors of the headless gateway (apps/node/src/gateway). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

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

/** DELETE on a WHIP Location that the gateway does not know (ended or never created). Code `GATEWAY_WHIP_UNKNOWN` (404). */
export class GatewayWhipUnknownError extends BaseError {
  override name = 'GatewayWhipUnknownError'
  constructor(id: string) {
    super('GATEWAY_WHIP_UNKNOWN', `no WHIP ingest ${id}`, { httpStatus: 404 })
  }
}

/**
 * A request to an orchestrator produced no complete response: `header timeout` (no answer within
 * the upload deadline), `body timeout` (the answer stopped), `body too large`, or the socket's error
 * code (`ECONNREFUSED`). Code `GATEWAY_HTTP_FAILED`.
 */
export class HttpRequestError extends BaseError {
  override name = 'HttpRequestError'
  /** `header timeout`, `body timeout`, `body too large`, or the socket error's code. */
  readonly reason: string
  constructor(reason: string, details: string, cause?: unknown) {
    super('GATEWAY_HTTP_FAILED', reason, {
      httpStatus: 502,
      details,
      ...(cause === undefined ? {} : { cause }),
    })
    this.reason = reason
  }
}

/**
 * The renditions' signature does not recover to the orchestrator's address (or its ticket
 * recipient when the address is zero). Code `GATEWAY_RESULT_SIG_INVALID`.
 */
export class GatewayResultSigInvalidError extends BaseError {
  override name = 'GatewayResultSigInvalidError'
  constructor(uri: string, details: string) {
    super('GATEWAY_RESULT_SIG_INVALID', `orchestrator ${uri} signed its renditions with another key`, {
      httpStatus: 502,
      details,
    })
  }
}
