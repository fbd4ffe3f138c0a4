/** Errors of the `prism` command line. */
import { BaseError } from '@prism/protocol'

/** A flag the command does not know, or a value of the wrong type. Code `CLI_FLAG_INVALID`. */
export class CliFlagInvalidError extends BaseError {
  override name = 'CliFlagInvalidError'
  constructor(message: string) {
    super('CLI_FLAG_INVALID', message, { httpStatus: 400 })
  }
}
