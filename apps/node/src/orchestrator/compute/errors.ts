/** Errors of the orchestrator's compute: `ai` sessions and remote transcoders. Rows in docs/errors.md. */
import { BaseError } from '@prism/protocol/errors'

/** A control message type that `ai` sessions do not handle (e.g. `setPipeline`). */
export class AiControlUnsupportedError extends BaseError {
  override name = 'AiControlUnsupportedError'
  constructor(type: string) {
    super('AI_CONTROL_UNSUPPORTED', `control message "${type}" is not supported by ai sessions`, {
      metaMessages: ['Supported: update, setStage. Start a new session to change the whole pipeline.'],
    })
  }
}

/**
 * The worker thread of an `ai` session's chain ended (crashed, or ran out of memory) while the
 * session used it; the session ends with this error.
 */
export class AiWorkerExitedError extends BaseError {
  override name = 'AiWorkerExitedError'
  constructor(details: string) {
    super('AI_WORKER_EXITED', 'the ai stage worker thread ended', { details, httpStatus: 500 })
  }
}

/**
 * No remote transcoder can take a segment: none is attached, or the least loaded compatible one
 * is full. The message is go-livepeer's `no transcoders available`.
 */
export class TranscoderNoneAvailableError extends BaseError {
  override name = 'TranscoderNoneAvailableError'
  constructor() {
    super('TRANSCODER_NONE_AVAILABLE', 'no transcoders available', { httpStatus: 503 })
  }
}

/**
 * Remote transcoders are attached but none has the segment's capabilities. The message is
 * go-livepeer's `no transcoders can provide requested capabilities`.
 */
export class TranscoderCapabilitiesUnavailableError extends BaseError {
  override name = 'TranscoderCapabilitiesUnavailableError'
  constructor() {
    super('TRANSCODER_CAPABILITIES_UNAVAILABLE', 'no transcoders can provide requested capabilities', {
      httpStatus: 503,
    })
  }
}

/**
 * A remote transcoder sent no result within max(8 s, 4 × segment duration). The message is
 * go-livepeer's `Remote transcoder took too long`.
 */
export class TranscoderTimeoutError extends BaseError {
  override name = 'TranscoderTimeoutError'
  constructor(taskId: bigint) {
    super('TRANSCODER_TIMEOUT', 'Remote transcoder took too long', {
      details: `task ${taskId}`,
      httpStatus: 504,
    })
  }
}

/** A remote transcoder answered a task with an error; the message is the transcoder's own text. */
export class TranscoderRemoteError extends BaseError {
  override name = 'TranscoderRemoteError'
  constructor(text: string) {
    super('TRANSCODER_REMOTE_FAILED', text || 'remote transcoder error', { httpStatus: 500 })
  }
}

/** The transcoder registry closed while a segment waited for a transcoder. */
export class TranscoderRegistryClosedError extends BaseError {
  override name = 'TranscoderRegistryClosedError'
  constructor() {
    super('TRANSCODER_REGISTRY_CLOSED', 'transcoder registry closed', { httpStatus: 503 })
  }
}

/** A transcoder posted a `multipart/mixed` result that does not parse (answered 500 with the text). */
export class TranscodeResultsMalformedError extends BaseError {
  override name = 'TranscodeResultsMalformedError'
  constructor(message: string) {
    super('TRANSCODE_RESULTS_MALFORMED', message, { httpStatus: 500 })
  }
}
