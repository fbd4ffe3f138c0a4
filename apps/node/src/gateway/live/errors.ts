/** Errors of the gateway's live AI path (apps/node/src/gateway/live). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

/**
 * `POST /live-video-to-video` failed: a non-200 answer (its text, trailing newline trimmed, e.g.
 * `insufficient capacity`), no answer within 5 s, an unreadable reply, or a reply without
 * `control_url` (`control URL is missing`). Code `GATEWAY_LIVE_START_FAILED`.
 */
export class GatewayLiveStartError extends BaseError {
  override name = 'GatewayLiveStartError'
  /** The orchestrator's status (0 when it did not answer). */
  readonly status: number
  constructor(uri: string, status: number, text: string, cause?: unknown) {
    super('GATEWAY_LIVE_START_FAILED', text, {
      httpStatus: 502,
      details: `${uri}: status ${status}`,
      ...(cause === undefined ? {} : { cause }),
    })
    this.status = status
  }
}

/** A parameter update names a stream that is not a running live AI stream. Code `GATEWAY_LIVE_UNKNOWN`. */
export class GatewayLiveUnknownError extends BaseError {
  override name = 'GatewayLiveUnknownError'
  constructor(stream: string) {
    super('GATEWAY_LIVE_UNKNOWN', `no live AI stream ${stream}`, { httpStatus: 404 })
  }
}

/**
 * The orchestrator ended the live AI job because the stream's balance could not cover the next
 * charge: it published `insufficient balance, mid=…, fee=…, balance=…` on the events channel and
 * closed the four channels (payments stopped, or did not keep up). The gateway stops the stream
 * (it does not move it to another orchestrator). Code `GATEWAY_LIVE_INSUFFICIENT_BALANCE`.
 */
export class GatewayLiveBalanceError extends BaseError {
  override name = 'GatewayLiveBalanceError'
  /** The orchestrator's text. */
  readonly text: string
  constructor(uri: string, text: string) {
    super('GATEWAY_LIVE_INSUFFICIENT_BALANCE', 'live AI stream ended: insufficient balance', {
      httpStatus: 402,
      details: `${uri}: ${text}`,
    })
    this.text = text
  }
}
