/**
 * Errors of the node's chain files. The chain call errors (CHAIN_REVERT, CHAIN_RPC_UNAVAILABLE, …)
 * live in @prism/protocol with the chain actions.
 */
import { BaseError } from '@prism/protocol'

/** The dev deployment file does not exist (prism dev not started). Code `CHAIN_DEPLOYMENT_MISSING`. */
export class ChainDeploymentMissingError extends BaseError {
  override name = 'ChainDeploymentMissingError'
  constructor(path: string, cause?: unknown) {
    super('CHAIN_DEPLOYMENT_MISSING', `no dev deployment file at ${path}`, {
      ...(cause === undefined ? {} : { cause }),
      metaMessages: ['Start the local chain first: `prism dev` (or `npm start`).'],
      httpStatus: 500,
    })
  }
}
