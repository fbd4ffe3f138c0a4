import { BaseError } from '@prism/protocol'

/**
 * "Connect browser wallet" was clicked but the page has no injected wallet (no MetaMask or
 * similar extension). Code `WEB_WALLET_NOT_FOUND`.
 */
export class WalletNotFoundError extends BaseError {
  override name = 'WalletNotFoundError'
  constructor(cause?: unknown) {
    super(
      'WEB_WALLET_NOT_FOUND',
      'no browser wallet found: install MetaMask (or another wallet extension) and reload the page' +
        ', or use the dev wallet on the dev chain',
      { cause },
    )
  }
}
