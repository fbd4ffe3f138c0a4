import type { WebNetwork } from '../network/webNetwork.ts'
import { useWallet } from '../wallet/useWallet.ts'

/**
 * Connect / disconnect the wallet: the dev wallet on the dev network, any injected wallet.
 * @example <WalletPanel network={network} />
 */
export function WalletPanel({ network }: { network: WebNetwork }) {
  const wallet = useWallet()
  return (
    <div className="row" data-testid="wallet">
      <span className="badge">{network.name}</span>
      {wallet.isConnected ? (
        <>
          <span className="mono" data-testid="wallet-address">
            {wallet.address}
          </span>
          <button type="button" onClick={() => void wallet.disconnect()}>
            Disconnect
          </button>
        </>
      ) : (
        wallet.connectors.map((c) => (
          <button
            key={c.id}
            type="button"
            data-testid={`connect-${c.id}`}
            onClick={() => void wallet.connect(c.id)}
          >
            Connect {c.name}
          </button>
        ))
      )}
      {wallet.error && <span className="bad">{wallet.error}</span>}
    </div>
  )
}
