/** Errors of the HTTP server (request shape, limits, auth, CORS). */
import { BaseError } from '@prism/protocol'

/** The request body is larger than the server accepts. Code `HTTP_BODY_TOO_LARGE`, HTTP 413. */
export class BodyTooLargeError extends BaseError {
  override name = 'BodyTooLargeError'
  constructor(limit: number) {
    super('HTTP_BODY_TOO_LARGE', `request body larger than ${limit} bytes`, { httpStatus: 413 })
  }
}

/** The SDP offer is larger than `maxSdpBytes`. Code `SDP_TOO_LARGE`, HTTP 413. */
export class SdpTooLargeError extends BaseError {
  override name = 'SdpTooLargeError'
  constructor(limit: number) {
    super('SDP_TOO_LARGE', `SDP offer larger than ${limit} bytes`, { httpStatus: 413 })
  }
}

/** Wrong Content-Type (WHIP needs `application/sdp`). Code `HTTP_CONTENT_TYPE_UNSUPPORTED`, HTTP 415. */
export class ContentTypeError extends BaseError {
  override name = 'ContentTypeError'
  constructor(expected: string) {
    super('HTTP_CONTENT_TYPE_UNSUPPORTED', `Content-Type must be ${expected}`, { httpStatus: 415 })
  }
}

/** A malformed request (bad query, bad JSON). Code `HTTP_REQUEST_INVALID`, HTTP 400. */
export class RequestInvalidError extends BaseError {
  override name = 'RequestInvalidError'
  constructor(details: string) {
    super('HTTP_REQUEST_INVALID', 'invalid request', { httpStatus: 400, details })
  }
}

/** No route for this method and path. Code `HTTP_ROUTE_NOT_FOUND`, HTTP 404. */
export class RouteNotFoundError extends BaseError {
  override name = 'RouteNotFoundError'
  constructor(method: string, url: string) {
    super('HTTP_ROUTE_NOT_FOUND', `no route for ${method} ${url.split('?')[0]}`, { httpStatus: 404 })
  }
}

/** WHIP trickle ICE (PATCH) is not supported: candidates are in the offer. Code `WHIP_PATCH_UNSUPPORTED`, HTTP 405. */
export class WhipPatchUnsupportedError extends BaseError {
  override name = 'WhipPatchUnsupportedError'
  constructor() {
    super(
      'WHIP_PATCH_UNSUPPORTED',
      'trickle ICE is not supported: gather all candidates before POSTing the offer (non-trickle WHIP)',
      { httpStatus: 405 },
    )
  }
}

/**
 * DELETE or PATCH on `/live/{stream}/whip/{session}` without the resource secret: the session
 * resource is the Location the POST returned (`/live/{stream}/whip/{session}/{secret}`), and the
 * public session id alone does not name it. Code `WHIP_RESOURCE_SECRET_REQUIRED`, HTTP 403.
 */
export class WhipResourceSecretRequiredError extends BaseError {
  override name = 'WhipResourceSecretRequiredError'
  constructor() {
    super(
      'WHIP_RESOURCE_SECRET_REQUIRED',
      'the WHIP session resource is the Location returned by the POST (it carries a secret); a session id alone does not name it',
      { httpStatus: 403 },
    )
  }
}

/** An HLS file that does not exist (yet). Code `HLS_NOT_FOUND`, HTTP 404. */
export class HlsNotFoundError extends BaseError {
  override name = 'HlsNotFoundError'
  constructor(path: string) {
    super('HLS_NOT_FOUND', `no HLS file ${path}`, { httpStatus: 404 })
  }
}

/** Admin endpoints are off because no admin token is configured. Code `ADMIN_DISABLED`, HTTP 404. */
export class AdminDisabledError extends BaseError {
  override name = 'AdminDisabledError'
  constructor() {
    super('ADMIN_DISABLED', 'admin endpoints are disabled (start with -adminToken to enable them)', {
      httpStatus: 404,
    })
  }
}

/** Missing or wrong bearer token on /admin. Code `ADMIN_UNAUTHORIZED`, HTTP 401. */
export class AdminUnauthorizedError extends BaseError {
  override name = 'AdminUnauthorizedError'
  constructor() {
    super('ADMIN_UNAUTHORIZED', 'missing or invalid bearer token', { httpStatus: 401 })
  }
}

/** The Origin is not in the CORS allowlist (preflight). Code `CORS_ORIGIN_DENIED`, HTTP 403. */
export class CorsOriginDeniedError extends BaseError {
  override name = 'CorsOriginDeniedError'
  constructor(origin: string) {
    super('CORS_ORIGIN_DENIED', `origin ${origin} is not allowed`, { httpStatus: 403 })
  }
}

/** An unexpected failure (a bug). Code `INTERNAL_ERROR`, HTTP 500. */
export class InternalError extends BaseError {
  override name = 'InternalError'
  constructor(cause: unknown) {
    super('INTERNAL_ERROR', 'internal error', { httpStatus: 500, cause })
  }
}

/** /info assembled by the node fails its schema (a contributor bug). Code `INFO_INVALID`, HTTP 500. */
export class InfoInvalidError extends BaseError {
  override name = 'InfoInvalidError'
  constructor(cause: unknown) {
    super('INFO_INVALID', 'the orchestrator info does not validate', { httpStatus: 500, cause })
  }
}

/**
 * The body's keccak256 differs from SegData.hash. Code `SEGMENT_HASH_MISMATCH` (403; the body
 * says `Forbidden`, as go-livepeer's).
 */
export class SegmentHashMismatchError extends BaseError {
  override name = 'SegmentHashMismatchError'
  constructor() {
    super('SEGMENT_HASH_MISMATCH', 'segment body hash does not match the signed hash', { httpStatus: 403 })
  }
}

/**
 * The segment body is larger than the orchestrator accepts. Code `SEGMENT_TOO_LARGE` (500 with
 * the body `Internal Server Error`, as go-livepeer answers a body it cannot read).
 */
export class SegmentTooLargeError extends BaseError {
  override name = 'SegmentTooLargeError'
  constructor(limit: number) {
    super('SEGMENT_TOO_LARGE', `segment larger than ${limit} bytes`, { httpStatus: 500 })
  }
}

/**
 * After the segment's payment, (sender, session) holds less than one ticket EV while the session
 * is priced. Code `SEGMENT_BALANCE_INSUFFICIENT` (400, `Insufficient balance`).
 */
export class SegmentBalanceInsufficientError extends BaseError {
  override name = 'SegmentBalanceInsufficientError'
  constructor(details: string) {
    super('SEGMENT_BALANCE_INSUFFICIENT', 'Insufficient balance', { httpStatus: 400, details })
  }
}

/**
 * A segment whose body is a URL (`Content-Type: application/vnd+livepeer.uri`): Prism offers no
 * object store, so it never asks for one. Code `SEGMENT_URI_UNSUPPORTED` (400, `BadRequest`).
 */
export class SegmentUriUnsupportedError extends BaseError {
  override name = 'SegmentUriUnsupportedError'
  constructor() {
    super('SEGMENT_URI_UNSUPPORTED', 'BadRequest', {
      httpStatus: 400,
      details: 'segment bodies given as a URL are not accepted (this orchestrator has no object store)',
    })
  }
}

/**
 * A session already has a segment transcoding and the most waiting behind it. Code
 * `SEGMENT_SESSION_BUSY` (`OrchestratorBusy`, in the TranscodeResult's error).
 */
export class SegmentSessionBusyError extends BaseError {
  override name = 'SegmentSessionBusyError'
  constructor(sessionId: string) {
    super('SEGMENT_SESSION_BUSY', 'OrchestratorBusy', { httpStatus: 503, details: `session ${sessionId}` })
  }
}

/** No stored rendition at `/stream/<session>/<profile>/<file>` (never made, or no longer kept). Code `RENDITION_NOT_FOUND` (404). */
export class RenditionNotFoundError extends BaseError {
  override name = 'RenditionNotFoundError'
  constructor(path: string) {
    super('RENDITION_NOT_FOUND', `no rendition ${path}`, { httpStatus: 404 })
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
