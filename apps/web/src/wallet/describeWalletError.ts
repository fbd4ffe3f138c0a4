import { WalletNotFoundError } from './errors.ts'

/**
 * A wallet error as one sentence a user can act on: no extension, a refused request, or the
 * wallet's own first line.
 * @param err what a connect or disconnect threw.
 * @returns the message to show.
 * @example describeWalletError(Object.assign(new Error('Provider not found.'), { name: 'ProviderNotFoundError' }))
 * // 'no browser wallet found: install MetaMask …'
 */
export function describeWalletError(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: unknown }
  if (err instanceof WalletNotFoundError || e?.name === 'ProviderNotFoundError')
    return new WalletNotFoundError().shortMessage
  if (e?.name === 'UserRejectedRequestError' || e?.code === 4001)
    return 'the wallet refused the request: approve it in the wallet to continue'
  if (e?.name === 'ConnectorAlreadyConnectedError') return 'this wallet is already connected'
  const first = e?.message?.split('\n')[0]
  return first || String(err)
}
