/** Errors of the local dev network (`prism dev`, anvil). */
import { BaseError } from '@prism/protocol'

/** The RPC port for anvil is already in use. Code `DEV_PORT_IN_USE`. */
export class DevPortInUseError extends BaseError {
  override name = 'DevPortInUseError'
  constructor(host: string, port: number) {
    super('DEV_PORT_IN_USE', `port ${port} on ${host} is already in use`, {
      metaMessages: ['Stop the process using it, or pick another port with -rpcPort.'],
      httpStatus: 500,
    })
  }
}

/** anvil could not be started or did not answer in time. Code `DEV_ANVIL_FAILED`. */
export class DevAnvilFailedError extends BaseError {
  override name = 'DevAnvilFailedError'
  constructor(message: string, params: { details?: string; cause?: unknown } = {}) {
    super('DEV_ANVIL_FAILED', message, { ...params, httpStatus: 500 })
  }
}

/** Deploying or setting up the dev contracts failed. Code `DEV_SETUP_FAILED`. */
export class DevSetupFailedError extends BaseError {
  override name = 'DevSetupFailedError'
  constructor(step: string, cause: unknown) {
    super('DEV_SETUP_FAILED', `dev chain setup failed at: ${step}`, { cause, httpStatus: 500 })
  }
}

/** `prism dev` was stopped (Ctrl-C, SIGTERM) while it was starting. Code `DEV_ABORTED`. */
export class DevAbortedError extends BaseError {
  override name = 'DevAbortedError'
  constructor() {
    super('DEV_ABORTED', 'start-up was interrupted; everything started so far was stopped')
  }
}
