/**
 * Errors of the `prism transcoder` role. Each task error's message is the text a go-livepeer
 * transcoder reports to its orchestrator for the same failure (posted as
 * `livepeer/transcoding-error`). Rows in docs/errors.md.
 */
import { BaseError } from '@prism/protocol'

/** A work item asks for capabilities this transcoder lacks (`incompatible segment capabilities`). */
export class TranscoderSegmentIncompatibleError extends BaseError {
  override name = 'TranscoderSegmentIncompatibleError'
  constructor(reason?: string) {
    super(
      'TRANSCODER_SEGMENT_INCOMPATIBLE',
      'incompatible segment capabilities',
      reason ? { details: reason } : {},
    )
  }
}

/** The transcode produced a different number of renditions than profiles (`segment / profile mismatch`). */
export class TranscoderProfileMismatchError extends BaseError {
  override name = 'TranscoderProfileMismatchError'
  constructor(renditions: number, profiles: number) {
    super('TRANSCODER_PROFILE_MISMATCH', 'segment / profile mismatch', {
      details: `${renditions} renditions for ${profiles} profiles`,
    })
  }
}

/** A work item without SegData or without a URL to download. */
export class TranscoderTaskInvalidError extends BaseError {
  override name = 'TranscoderTaskInvalidError'
  constructor(message: string) {
    super('TRANSCODER_TASK_INVALID', message)
  }
}

/** The segment input could not be downloaded (status other than 200, too large, timeout, network). */
export class TranscoderDownloadFailedError extends BaseError {
  override name = 'TranscoderDownloadFailedError'
  constructor(message: string, cause?: unknown) {
    super('TRANSCODER_DOWNLOAD_FAILED', message, cause ? { cause } : {})
  }
}

/** The orchestrator did not answer `200` to a posted result. */
export class TranscoderResultRejectedError extends BaseError {
  override name = 'TranscoderResultRejectedError'
  constructor(status: number, body: string) {
    super('TRANSCODER_RESULT_REJECTED', `orchestrator answered ${status} to /transcodeResults`, {
      details: body.trim(),
    })
  }
}

/**
 * The orchestrator refused the registration for good (`invalid secret` or `zero capacity`): the
 * transcoder stops instead of reconnecting, as go-livepeer's.
 */
export class TranscoderRegistrationRefusedError extends BaseError {
  override name = 'TranscoderRegistrationRefusedError'
  constructor(text: string) {
    super('TRANSCODER_REGISTRATION_REFUSED', text)
  }
}
