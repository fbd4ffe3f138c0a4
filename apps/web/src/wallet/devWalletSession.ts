/** localStorage key holding the chain id the dev wallet was last connected on. */
const KEY = 'prism.devWallet.connected'

/**
 * Whether the dev wallet (wagmi's mock connector, which keeps no session of its own) was connected
 * on this chain when the page was last open; wagmi's reconnect then restores it after a reload.
 * @example wasDevWalletConnected(31337)
 */
export function wasDevWalletConnected(chainId: number): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === String(chainId)
  } catch {
    return false
  }
}

/**
 * Records that the dev wallet is connected on `chainId` (or, with undefined, that it is not).
 * @example rememberDevWallet(31337); rememberDevWallet(undefined)
 */
export function rememberDevWallet(chainId: number | undefined): void {
  try {
    if (chainId === undefined) globalThis.localStorage?.removeItem(KEY)
    else globalThis.localStorage?.setItem(KEY, String(chainId))
  } catch {}
}
