/** Errors of the headless gateway client. */
import { BaseError } from '@prism/protocol'

/** The WHIP POST failed; `status` and `remoteCode` are the node's answer. Code `WHIP_REQUEST_FAILED`. */
export class WhipRequestError extends BaseError {
  override name = 'WhipRequestError'
  constructor(
    readonly status: number,
    readonly remoteCode: string,
    remoteMessage: string,
  ) {
    super('WHIP_REQUEST_FAILED', `WHIP request failed with HTTP ${status} (${remoteCode})`, {
      details: remoteMessage,
      httpStatus: 502,
    })
  }
}
