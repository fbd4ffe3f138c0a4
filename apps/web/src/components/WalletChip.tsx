import { formatEth } from '../lib/format.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'

/** Props of {@link WalletChip}. */
export type WalletChipProps = {
  wallet: UseWalletReturnType
  /** Offer the connect buttons here (false while the setup card offers them). */
  offerConnect: boolean
}

/**
 * The wallet in the header: its address and ETH balance with Disconnect, "Reconnecting…" after a
 * reload, or the connect buttons; a connect error (e.g. no browser wallet) shows under it.
 */
export function WalletChip({ wallet, offerConnect }: WalletChipProps) {
  return (
    <div className="wallet-chip" data-testid="wallet" data-status={wallet.status}>
      {wallet.isConnected ? (
        <>
          <span className="dot ok" aria-hidden />
          <span className="addr mono" data-testid="wallet-address" title={wallet.address}>
            {wallet.address}
          </span>
          <span className="amount" data-testid="wallet-balance" title="ETH in your wallet">
            {wallet.balance === undefined ? '…' : formatEth(wallet.balance)}
          </span>
          <button type="button" className="ghost small" onClick={() => void wallet.disconnect()}>
            Disconnect
          </button>
        </>
      ) : wallet.status === 'reconnecting' || wallet.status === 'connecting' ? (
        <span className="muted">
          {wallet.status === 'reconnecting' ? 'Reconnecting wallet…' : 'Connecting…'}
        </span>
      ) : offerConnect ? (
        <ConnectButtons wallet={wallet} />
      ) : (
        <span className="muted">No wallet connected</span>
      )}
      {wallet.error && offerConnect && (
        <div className="popover bad" role="alert" data-testid="wallet-error">
          {wallet.error}
        </div>
      )}
    </div>
  )
}

/** One button per wallet connector (`connect-mock` is the dev wallet, `connect-injected` the browser's). */
export function ConnectButtons({ wallet }: { wallet: UseWalletReturnType }) {
  return (
    <span className="connect-buttons">
      {wallet.connectors.map((c) => (
        <button
          key={c.id}
          type="button"
          className={c.id === 'mock' ? 'primary small' : 'small'}
          data-testid={`connect-${c.id}`}
          onClick={() => void wallet.connect(c.id)}
        >
          Connect {c.name}
        </button>
      ))}
    </span>
  )
}
