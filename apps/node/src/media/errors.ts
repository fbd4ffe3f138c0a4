/** Errors of the shared media helpers (apps/node/src/media). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

/** The segment asks for no profile or one the node does not know. Code `SEGMENT_PROFILE_UNKNOWN` (400). */
export class SegmentProfileUnknownError extends BaseError {
  override name = 'SegmentProfileUnknownError'
  constructor(details: string) {
    super('SEGMENT_PROFILE_UNKNOWN', 'segment requests an unknown video profile', { details })
  }
}
