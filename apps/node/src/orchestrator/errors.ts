/** Errors of orchestrator sessions and pipelines. */
import { BaseError } from '@prism/protocol'

/** `-maxSessions` sessions are already running. Code `SESSION_LIMIT_REACHED`, HTTP 503. */
export class SessionLimitError extends BaseError {
  override name = 'SessionLimitError'
  constructor(max: number) {
    super('SESSION_LIMIT_REACHED', `the orchestrator is at capacity (${max} sessions)`, { httpStatus: 503 })
  }
}

/**
 * This address already has `maxPendingPerAddress` WHIP offers whose peers have not connected (or,
 * on a paid node, not prepaid) yet. Code `SESSION_PENDING_LIMIT`, HTTP 429.
 */
export class SessionPendingLimitError extends BaseError {
  override name = 'SessionPendingLimitError'
  constructor(max: number) {
    super(
      'SESSION_PENDING_LIMIT',
      `this address has ${max} offers still connecting; retry once one connects or times out`,
      { httpStatus: 429 },
    )
  }
}

/** No session for this stream (or session id). Code `SESSION_NOT_FOUND`, HTTP 404. */
export class SessionNotFoundError extends BaseError {
  override name = 'SessionNotFoundError'
  constructor(what: string) {
    super('SESSION_NOT_FOUND', `unknown stream or session: ${what}`, { httpStatus: 404 })
  }
}

/** A session for this stream id is already live. Code `STREAM_IN_USE`, HTTP 409. */
export class StreamInUseError extends BaseError {
  override name = 'StreamInUseError'
  constructor(stream: string) {
    super('STREAM_IN_USE', `stream "${stream}" already has a live session`, { httpStatus: 409 })
  }
}

/** The stream id has characters outside `[A-Za-z0-9_-]` or is too long. Code `STREAM_ID_INVALID`, HTTP 400. */
export class StreamIdInvalidError extends BaseError {
  override name = 'StreamIdInvalidError'
  constructor(stream: string) {
    super(
      'STREAM_ID_INVALID',
      `invalid stream id "${stream.slice(0, 80)}" (use 1 to 64 of A-Z a-z 0-9 _ -)`,
      {
        httpStatus: 400,
      },
    )
  }
}

/** The pipeline spec is not valid JSON or fails its schema. Code `PIPELINE_SPEC_INVALID`, HTTP 400. */
export class PipelineSpecInvalidError extends BaseError {
  override name = 'PipelineSpecInvalidError'
  constructor(details: string, cause?: unknown) {
    super('PIPELINE_SPEC_INVALID', 'invalid pipeline spec', { httpStatus: 400, details, cause })
  }
}

/** The pipeline kind is not offered by this node. Code `PIPELINE_KIND_UNSUPPORTED`, HTTP 400. */
export class PipelineKindUnsupportedError extends BaseError {
  override name = 'PipelineKindUnsupportedError'
  constructor(kind: string, offered: string[]) {
    super(
      'PIPELINE_KIND_UNSUPPORTED',
      `pipeline kind "${kind}" is not offered here (offered: ${offered.join(', ')})`,
      {
        httpStatus: 400,
      },
    )
  }
}

/** An ffmpeg process of a pipeline exited unexpectedly. Code `MEDIA_PROCESS_FAILED`, HTTP 500. */
export class MediaProcessError extends BaseError {
  override name = 'MediaProcessError'
  constructor(what: string, stderrTail: string) {
    super('MEDIA_PROCESS_FAILED', `${what} exited unexpectedly`, {
      httpStatus: 500,
      details: stderrTail.slice(-500),
    })
  }
}

/** A frame stage threw while processing. Code `STAGE_FAILED`, HTTP 500. */
export class StageFailedError extends BaseError {
  override name = 'StageFailedError'
  constructor(cause: unknown) {
    super('STAGE_FAILED', 'a pipeline stage failed', { httpStatus: 500, cause })
  }
}

/** A decoded control message this pipeline does not handle. Code `CONTROL_MESSAGE_INVALID`. */
export class ControlMessageInvalidError extends BaseError {
  override name = 'ControlMessageInvalidError'
  constructor(details: string) {
    super('CONTROL_MESSAGE_INVALID', 'invalid control message', { details })
  }
}

/**
 * A paid node's WHIP offer did not name and sign its ticket sender (`sender` and `senderSig`).
 * Code `SESSION_SENDER_REQUIRED`, HTTP 401.
 */
export class SessionSenderRequiredError extends BaseError {
  override name = 'SessionSenderRequiredError'
  constructor(details: string) {
    super('SESSION_SENDER_REQUIRED', 'this node is paid: the offer must name and sign its ticket sender', {
      details,
      httpStatus: 401,
    })
  }
}

/**
 * The WHIP offer's `senderSig` is not `sender`'s signature of this offer and stream.
 * Code `SESSION_SENDER_SIG_INVALID`, HTTP 403.
 */
export class SessionSenderSigInvalidError extends BaseError {
  override name = 'SessionSenderSigInvalidError'
  constructor(sender: string) {
    super('SESSION_SENDER_SIG_INVALID', 'the offer is not signed by its sender', {
      details: `sender=${sender}`,
      httpStatus: 403,
    })
  }
}
