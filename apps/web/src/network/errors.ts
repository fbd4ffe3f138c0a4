import { BaseError } from '@prism/protocol'

/** The app's config.json is not an object of the documented fields. Code `WEB_CONFIG_INVALID`. */
export class WebConfigInvalidError extends BaseError {
  override name = 'WebConfigInvalidError'
  constructor(why: string) {
    super('WEB_CONFIG_INVALID', `config.json: ${why}`)
  }
}
