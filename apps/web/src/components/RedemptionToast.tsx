import { formatWei } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import type { Redemption } from '../payment/watchRedemptions.ts'
import { TxLink } from './LedgerPanel.tsx'

/** Props of {@link RedemptionToast}. */
export type RedemptionToastProps = {
  network: WebNetwork
  redemption: Redemption | undefined
  onClose: () => void
}

/** "Ticket won — redeemed on chain in tx 0x…": shown when one of our tickets is cashed on chain. */
export function RedemptionToast({ network, redemption, onClose }: RedemptionToastProps) {
  if (!redemption) return null
  return (
    <div className="toast" role="status" data-testid="redemption-toast" data-tx={redemption.txHash}>
      <span className="toast-icon" aria-hidden>
        ★
      </span>
      <div>
        <strong>Ticket won</strong> — redeemed on chain in tx{' '}
        <TxLink network={network} hash={redemption.txHash} />
        <div className="muted small">
          The orchestrator cashed {formatWei(redemption.faceValue)} from your deposit.
        </div>
      </div>
      <button type="button" className="ghost small" onClick={onClose} aria-label="Dismiss">
        ✕
      </button>
    </div>
  )
}
