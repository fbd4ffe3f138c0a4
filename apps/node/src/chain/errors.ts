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

/**
 * A keystore could not be used: the file or folder is missing or holds no keystore JSON, the
 * folder holds several and none matches `-ethAcctAddr`, or the password file is missing. Code
 * `KEYSTORE_INVALID`.
 */
export class KeystoreInvalidError extends BaseError {
  override name = 'KeystoreInvalidError'
  constructor(message: string, cause?: unknown) {
    super('KEYSTORE_INVALID', message, {
      ...(cause === undefined ? {} : { cause }),
      metaMessages: [
        '-ethKeystorePath: a JSON keystore file (or a folder of them, with -ethAcctAddr); -ethPassword: a file holding its password.',
      ],
      httpStatus: 500,
    })
  }
}

/** The keystore's password is wrong (its MAC does not match). Code `KEYSTORE_UNLOCK_FAILED`. */
export class KeystoreUnlockFailedError extends BaseError {
  override name = 'KeystoreUnlockFailedError'
  constructor(path: string, cause?: unknown) {
    super('KEYSTORE_UNLOCK_FAILED', `cannot unlock the keystore ${path}: wrong password`, {
      ...(cause === undefined ? {} : { cause }),
      metaMessages: ['Check the -ethPassword file (one line, the trailing newline is ignored).'],
      httpStatus: 500,
    })
  }
}

/**
 * A paid network (dev, arbitrum-one) was asked for without an account: a node that cannot sign
 * would serve for free. Code `CHAIN_KEY_MISSING`.
 */
export class ChainKeyMissingError extends BaseError {
  override name = 'ChainKeyMissingError'
  constructor(network: string) {
    super('CHAIN_KEY_MISSING', `-network ${network} needs the orchestrator's account`, {
      metaMessages: [
        'Give -ethKeystorePath <keystore> -ethPassword <file> (or -ethKeyFile <file>), or run free with -network offchain.',
      ],
      httpStatus: 500,
    })
  }
}
