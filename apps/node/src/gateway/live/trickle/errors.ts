/** Errors of the gateway's trickle clients (apps/node/src/gateway/live/trickle). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

/** The trickle channel does not exist on the server (404 `Stream not found`). Code `GATEWAY_TRICKLE_NOT_FOUND`. */
export class TrickleStreamNotFoundError extends BaseError {
  override name = 'TrickleStreamNotFoundError'
  constructor(url: string) {
    super('GATEWAY_TRICKLE_NOT_FOUND', 'trickle stream not found', { httpStatus: 502, details: url })
  }
}

/** The server closed the trickle channel (`Lp-Trickle-Closed`): the stream has ended. Code `GATEWAY_TRICKLE_CLOSED`. */
export class TrickleClosedError extends BaseError {
  override name = 'TrickleClosedError'
  constructor(url: string) {
    super('GATEWAY_TRICKLE_CLOSED', 'trickle stream closed', { httpStatus: 502, details: url })
  }
}

/**
 * A trickle request failed: an error status (other than 404 and 470), a socket error, or, for a
 * subscriber, more than the allowed consecutive failures. Code `GATEWAY_TRICKLE_FAILED`.
 */
export class TrickleRequestError extends BaseError {
  override name = 'TrickleRequestError'
  /** The HTTP status (0 when no response came). */
  readonly status: number
  constructor(url: string, status: number, details: string, cause?: unknown) {
    super('GATEWAY_TRICKLE_FAILED', `trickle request to ${url} failed`, {
      httpStatus: 502,
      details: `status ${status}: ${details}`,
      ...(cause === undefined ? {} : { cause }),
    })
    this.status = status
  }
}
