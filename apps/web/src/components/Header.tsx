import { formatCostPerMinute, formatEth, formatRunway } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import type { SenderState } from '../sessionKey/readSenderState.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'
import type { DrawerTab } from './Drawer.tsx'
import { WalletChip } from './WalletChip.tsx'

/** Props of {@link Header}. */
export type HeaderProps = {
  network: WebNetwork
  wallet: UseWalletReturnType
  sender: SenderState | undefined
  /** What streaming costs now, wei per minute (undefined while unknown). */
  costPerMinute: number | undefined
  /** The setup card offers the wallet buttons (so the header does not). */
  setupOpen: boolean
  /** Winning tickets redeemed on chain so far. */
  wins: number
  onOpen: (tab: DrawerTab) => void
}

/**
 * The compact header: brand and network, the session funds with the cost per minute (opens the
 * Funds drawer), winning tickets, the wallet, and the Details button.
 */
export function Header({ network, wallet, sender, costPerMinute, setupOpen, wins, onOpen }: HeaderProps) {
  const funds = sender ? sender.deposit + sender.reserve.fundsRemaining : undefined
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden />
        <span className="name">Prism</span>
        <span className={`net ${network.name}`} title={`chain id ${network.chain.id}`}>
          {network.name === 'dev' ? 'dev chain' : 'Arbitrum One'}
        </span>
      </div>
      <div className="topbar-right">
        <button
          type="button"
          className="funds-chip"
          data-testid="open-funds"
          onClick={() => onOpen('funds')}
          title="Deposit and reserve of your session key: click for details, funding and withdraw"
        >
          <span className="label">Session funds</span>
          <span className="value" data-testid="header-deposit">
            {sender ? formatEth(sender.deposit) : '–'}
          </span>
          <span className="sub" data-testid="header-cost">
            {costPerMinute === undefined
              ? 'price unknown'
              : `${formatCostPerMinute(costPerMinute)}${funds ? ` · lasts ${formatRunway(funds, costPerMinute)}` : ''}`}
          </span>
        </button>
        {wins > 0 && (
          <button
            type="button"
            className="wins-chip"
            data-testid="header-wins"
            onClick={() => onOpen('payments')}
            title="Winning tickets redeemed on chain"
          >
            {wins} won
          </button>
        )}
        <WalletChip wallet={wallet} offerConnect={!setupOpen} />
        <button
          type="button"
          className="ghost"
          data-testid="open-details"
          onClick={() => onOpen('orchestrators')}
        >
          Details
        </button>
      </div>
    </header>
  )
}
