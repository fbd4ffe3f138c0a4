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

/** A write was asked of a client without a wallet account. Code `CHAIN_ACCOUNT_MISSING`. */
export class ChainAccountMissingError extends BaseError {
  override name = 'ChainAccountMissingError'
  constructor(functionName: string) {
    super('CHAIN_ACCOUNT_MISSING', `${functionName} needs a wallet with an account on the chain client`, {
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

/**
 * The RPC endpoint serves another chain than the network's (e.g. an Ethereum mainnet URL for
 * arbitrum-one, or a dev chain restarted with another id). Code `CHAIN_ID_MISMATCH`.
 */
export class ChainIdMismatchError extends BaseError {
  override name = 'ChainIdMismatchError'
  /** Chain id the network expects. */
  readonly expected: number
  /** Chain id the RPC reported. */
  readonly actual: number
  constructor(params: { network: string; expected: number; actual: number; rpcUrl: string }) {
    super(
      'CHAIN_ID_MISMATCH',
      `the RPC at ${params.rpcUrl} serves chain id ${params.actual}; network ${params.network} is chain id ${params.expected}`,
      {
        metaMessages: ['Point -ethUrl at an endpoint of the same network, or pick the matching -network.'],
        httpStatus: 500,
      },
    )
    this.expected = params.expected
    this.actual = params.actual
  }
}

/**
 * A contract address is unknown: the Controller given by `-ethController` has nothing registered
 * under its name, or the chain client has no address for it (e.g. no `livepeerToken`). Code
 * `CHAIN_CONTRACT_MISSING`.
 */
export class ChainContractMissingError extends BaseError {
  override name = 'ChainContractMissingError'
  /**
   * @param where - what was asked, e.g. `the Controller at 0x…` or `the chain client`.
   * @param contractName - the contract, e.g. `TicketBroker` or `livepeerToken`.
   */
  constructor(where: string, contractName: string) {
    super('CHAIN_CONTRACT_MISSING', `${where} has no ${contractName} address`, {
      metaMessages: ["Check -ethController (the network's Controller) or the client's contract addresses."],
      httpStatus: 500,
    })
  }
}

/** What a chain read action throws. */
export type ChainReadErrorType = ChainRevertError | ChainRpcUnavailableError | ChainRequestFailedError

/** What a chain write action throws. */
export type ChainWriteErrorType = ChainReadErrorType | ChainTxTimeoutError | ChainAccountMissingError

/** Union of the errors the chain actions throw. */
export type ChainError = ChainWriteErrorType
