/** Errors of the orchestrator's `ai` sessions (apps/node/src/inference). Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol'

/** A control message type that `ai` sessions do not handle (e.g. `setPipeline`). */
export class AiControlUnsupportedError extends BaseError {
  override name = 'AiControlUnsupportedError'
  constructor(type: string) {
    super('AI_CONTROL_UNSUPPORTED', `control message "${type}" is not supported by ai sessions`, {
      metaMessages: ['Supported: update, setStage. Start a new session to change the whole pipeline.'],
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
