/**
 * Errors of the chain client. Every contract revert becomes a {@link ChainRevertError} carrying the
 * revert string in `reason`; an unreachable RPC becomes {@link ChainRpcUnavailableError}.
 */
import { BaseError } from '@prism/protocol'

/**
 * A contract call or transaction reverted. Code `CHAIN_REVERT`. `reason` is the revert string
 * (e.g. `ticket is used`), or `transaction failed` when a mined transaction has status 0.
 */
export class ChainRevertError extends BaseError {
  override name = 'ChainRevertError'
  /** The revert string, e.g. `ticket is used`. */
  readonly reason: string
  /** The contract function that reverted, e.g. `redeemWinningTicket`. */
  readonly functionName: string
  constructor(params: { reason: string; functionName: string; cause?: unknown }) {
    super('CHAIN_REVERT', `${params.functionName} reverted: ${params.reason}`, {
      ...(params.cause === undefined ? {} : { cause: params.cause }),
      details: params.reason,
      httpStatus: 502,
    })
    this.reason = params.reason
    this.functionName = params.functionName
  }
}

/** The RPC endpoint could not be reached or did not answer. Code `CHAIN_RPC_UNAVAILABLE`. */
export class ChainRpcUnavailableError extends BaseError {
  override name = 'ChainRpcUnavailableError'
  constructor(rpcUrl: string, cause?: unknown) {
    super('CHAIN_RPC_UNAVAILABLE', `chain RPC unavailable at ${rpcUrl}`, {
      ...(cause === undefined ? {} : { cause }),
      httpStatus: 503,
    })
  }
}

/** A transaction was sent but no receipt arrived in time. Code `CHAIN_TX_TIMEOUT`. */
export class ChainTxTimeoutError extends BaseError {
  override name = 'ChainTxTimeoutError'
  constructor(functionName: string, cause?: unknown) {
    super('CHAIN_TX_TIMEOUT', `no receipt for ${functionName} in time`, {
      ...(cause === undefined ? {} : { cause }),
      httpStatus: 504,
    })
  }
}

/** A write was asked of a client built without an account. Code `CHAIN_ACCOUNT_MISSING`. */
export class ChainAccountMissingError extends BaseError {
  override name = 'ChainAccountMissingError'
  constructor(functionName: string) {
    super('CHAIN_ACCOUNT_MISSING', `${functionName} needs an account (private key) on the chain client`, {
      httpStatus: 500,
    })
  }
}

/** Any other failure of a chain request (bad response, unexpected RPC error). Code `CHAIN_REQUEST_FAILED`. */
export class ChainRequestFailedError extends BaseError {
  override name = 'ChainRequestFailedError'
  constructor(what: string, cause: unknown) {
    super('CHAIN_REQUEST_FAILED', `chain request failed: ${what}`, { cause, httpStatus: 502 })
  }
}

/** Union of the errors the chain client throws. */
export type ChainError =
  | ChainRevertError
  | ChainRpcUnavailableError
  | ChainTxTimeoutError
  | ChainAccountMissingError
  | ChainRequestFailedError

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
