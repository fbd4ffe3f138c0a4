/** Errors of the chain presets and deployment files. */
import { BaseError } from '../errors/base.ts'

/** A deployment file or object does not have the expected shape. Code `CHAIN_DEPLOYMENT_INVALID`. */
export class ChainDeploymentInvalidError extends BaseError {
  override name = 'ChainDeploymentInvalidError'
  constructor(details: string) {
    super('CHAIN_DEPLOYMENT_INVALID', 'invalid chain deployment', { details, httpStatus: 500 })
  }
}

/**
 * A network name that has no preset, or the `dev` network asked for without a deployment.
 * Code `CHAIN_NETWORK_UNKNOWN`.
 */
export class ChainNetworkUnknownError extends BaseError {
  override name = 'ChainNetworkUnknownError'
  constructor(message: string) {
    super('CHAIN_NETWORK_UNKNOWN', message, { httpStatus: 500 })
  }
}
