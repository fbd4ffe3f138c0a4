/** Errors of the `prism` command line. */
import { BaseError } from '@prism/protocol'

/** A flag the command does not know, or a value of the wrong type. Code `CLI_FLAG_INVALID`. */
export class CliFlagInvalidError extends BaseError {
  override name = 'CliFlagInvalidError'
  constructor(message: string) {
    super('CLI_FLAG_INVALID', message, { httpStatus: 400 })
  }
}

/** `prism web` found no built app (no index.html) in its folder. Code `CLI_WEB_BUILD_MISSING`. */
export class WebBuildMissingError extends BaseError {
  override name = 'WebBuildMissingError'
  constructor(dir: string) {
    super('CLI_WEB_BUILD_MISSING', `no built web app in ${dir}: run npm run build (or pass -dir)`)
  }
}
