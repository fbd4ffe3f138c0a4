import type { Hash, PublicClient } from 'viem'
import type { WebNetwork } from '../network/webNetwork.ts'
import type { SessionKey } from '../sessionKey/sessionKeyStore.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'
import { FundForm } from './FundForm.tsx'
import { SessionKeyAddress } from './FundsPanel.tsx'
import { ConnectButtons } from './WalletChip.tsx'

/** Props of {@link SetupCard}. */
export type SetupCardProps = {
  network: WebNetwork
  client: PublicClient
  wallet: UseWalletReturnType
  sessionKey: SessionKey | undefined
  onFunded: (txHash: Hash) => void | Promise<void>
}

/**
 * The first-run card: connect a wallet, fund the session key, press Start. Shown until the wallet
 * is connected and the key funded.
 */
export function SetupCard({ network, client, wallet, sessionKey, onFunded }: SetupCardProps) {
  const step = wallet.isConnected ? 2 : 1
  return (
    <section className="card setup" data-testid="setup" data-step={step}>
      <h2>Get started</h2>
      <ol className="steps">
        <li className={step > 1 ? 'done' : 'current'}>
          <strong>Connect a wallet</strong>
          {wallet.isConnected ? (
            <span className="muted small"> connected</span>
          ) : wallet.status === 'reconnecting' ? (
            <p className="muted small">Reconnecting…</p>
          ) : (
            <>
              <p className="hint">
                {network.name === 'dev'
                  ? 'The dev wallet is a pre-funded account of the local chain: no extension needed.'
                  : 'Use MetaMask or another browser wallet on Arbitrum One.'}
              </p>
              <ConnectButtons wallet={wallet} />
              {wallet.error && (
                <p className="bad small" role="alert" data-testid="wallet-error">
                  {wallet.error}
                </p>
              )}
            </>
          )}
        </li>
        <li className={step === 2 ? 'current' : ''}>
          <strong>Fund your session key</strong>
          <p className="hint">
            This tab's own key <SessionKeyAddress sessionKey={sessionKey} /> signs the payment tickets, so
            streaming never prompts your wallet.
          </p>
          {step >= 2 && (
            <FundForm
              network={network}
              client={client}
              sessionKey={sessionKey}
              wallet={wallet}
              onFunded={onFunded}
            />
          )}
        </li>
        <li>
          <strong>Pick a style and press Start</strong>
        </li>
      </ol>
    </section>
  )
}
