/** Errors of untrusted message decoding (zod schemas in src/messages). */
import { BaseError } from './base.ts'

/** Parameters of {@link MessageInvalidError}. */
export type MessageInvalidErrorParameters = {
  /** Which message failed, e.g. `OrchestratorInfo`. */
  message: string
  /** Path of the first failing field, e.g. `stages.1.model` (empty for the root). */
  path: string
  /** What is wrong with it. */
  reason: string
  /** The zod error or parse error. */
  cause?: unknown
}

/** Untrusted input that does not match a message schema. `path` names the failing field. */
export class MessageInvalidError extends BaseError {
  override name = 'MessageInvalidError'
  /** Path of the first failing field (`stages.1.model`), empty for the root. */
  readonly path: string
  /** The message kind that failed. */
  readonly messageKind: string
  constructor({ message, path, reason, cause }: MessageInvalidErrorParameters) {
    super('MESSAGE_INVALID', `invalid ${message}${path ? ` at ${path}` : ''}: ${reason}`, {
      details: '',
      ...(cause === undefined ? {} : { cause }),
    })
    this.path = path
    this.messageKind = message
  }
}
