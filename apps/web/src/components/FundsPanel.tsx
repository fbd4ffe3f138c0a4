import { useState } from 'react'
import type { Hash, PublicClient } from 'viem'
import { formatCostPerMinute, formatEth, formatRunway } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import { type SenderState, unlockStatus } from '../sessionKey/readSenderState.ts'
import { exportSessionKey, type SessionKey } from '../sessionKey/sessionKeyStore.ts'
import { WithdrawFlow, type WithdrawStep } from '../sessionKey/WithdrawFlow.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'
import { FundForm } from './FundForm.tsx'

/** Props of {@link FundsPanel}. */
export type FundsPanelProps = {
  network: WebNetwork
  client: PublicClient
  wallet: UseWalletReturnType
  sessionKey: SessionKey | undefined
  state: SenderState | undefined
  stateError: string | undefined
  refresh: () => Promise<void>
  onFunded: (txHash: Hash) => void | Promise<void>
  /** The funding form and key address live in the setup card while setup is open. */
  setupOpen: boolean
  costPerMinute: number | undefined
}

/** The session key's address as the page shows it (one place at a time: setup card or Funds). */
export function SessionKeyAddress({ sessionKey }: { sessionKey: SessionKey | undefined }) {
  return (
    <code className="mono key-address" data-testid="session-key-address">
      {sessionKey?.account.address ?? 'creating…'}
    </code>
  )
}

/**
 * Funds: the wallet's ETH, the session key (address, export), its deposit, reserve, unlock state
 * and own ETH, funding, and the withdraw flow with its steps.
 */
export function FundsPanel(props: FundsPanelProps) {
  const { network, client, wallet, sessionKey, state } = props
  const [busy, setBusy] = useState(false)
  const [withdrawStep, setWithdrawStep] = useState<{ step: WithdrawStep; detail: string }>()

  async function withdraw() {
    if (!sessionKey || !wallet.walletClient) return
    setBusy(true)
    const flow = new WithdrawFlow({
      client,
      wallet: wallet.walletClient,
      chain: network.chain,
      contracts: network.contracts,
      sessionKey: sessionKey.account,
    })
    flow.events.on('step', (step, detail) => {
      setWithdrawStep({ step, detail })
      void props.refresh()
    })
    try {
      await flow.run()
    } catch {
    } finally {
      setBusy(false)
      await props.refresh()
    }
  }

  function download() {
    if (!sessionKey) return
    const blob = new Blob([exportSessionKey(sessionKey, network.chain.id)], { type: 'application/json' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `prism-session-key-${sessionKey.account.address}.json`
    a.click()
    URL.revokeObjectURL(a.href)
  }

  const unlock = state ? unlockStatus(state) : undefined
  const funds = state ? state.deposit + state.reserve.fundsRemaining : undefined
  return (
    <div className="stack" data-testid="session-key">
      <section className="card">
        <h3>Wallet</h3>
        <dl className="kv">
          <dt>Account</dt>
          <dd className="mono">{wallet.address ?? 'not connected'}</dd>
          <dt>Balance</dt>
          <dd data-testid="funds-wallet-balance">
            {wallet.balance === undefined ? '–' : formatEth(wallet.balance)}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h3>Session key</h3>
        <p className="hint">
          A key made in this tab (kept in the browser) that signs the tickets, so streaming never prompts your
          wallet.
        </p>
        {!props.setupOpen && <SessionKeyAddress sessionKey={sessionKey} />}
        <dl className="kv">
          <dt>Deposit</dt>
          <dd data-testid="deposit">{state ? formatEth(state.deposit) : '–'}</dd>
          <dt>Reserve</dt>
          <dd data-testid="reserve">{state ? formatEth(state.reserve.fundsRemaining) : '–'}</dd>
          <dt>Lasts</dt>
          <dd data-testid="funds-runway">
            {funds !== undefined && props.costPerMinute !== undefined
              ? `${formatRunway(funds, props.costPerMinute)} at ${formatCostPerMinute(props.costPerMinute)}`
              : '–'}
          </dd>
          <dt>Unlock</dt>
          <dd data-testid="unlock-state">
            {unlock ?? '–'}
            {state && state.withdrawRound > 0n && ` (round ${state.currentRound} → ${state.withdrawRound})`}
          </dd>
          <dt>Key's own ETH</dt>
          <dd data-testid="key-balance">{state ? formatEth(state.balance) : '–'}</dd>
        </dl>
        {props.stateError && <p className="bad small">{props.stateError}</p>}
        <div className="row">
          <button type="button" className="small" onClick={download} disabled={!sessionKey}>
            Export key
          </button>
        </div>
      </section>
      {!props.setupOpen && (
        <section className="card">
          <h3>Add funds</h3>
          <FundForm
            network={network}
            client={client}
            sessionKey={sessionKey}
            wallet={wallet}
            onFunded={props.onFunded}
          />
        </section>
      )}
      <section className="card">
        <h3>Withdraw</h3>
        <p className="hint">
          Unlocks the deposit and reserve, waits out the unlock period, withdraws and sends everything back to
          your wallet.
        </p>
        <div className="row">
          <button
            type="button"
            data-testid="withdraw"
            disabled={!wallet.isConnected || !sessionKey || busy}
            onClick={() => void withdraw()}
          >
            {busy ? 'Withdrawing…' : 'Withdraw to wallet'}
          </button>
          {withdrawStep && (
            <span
              data-testid="withdraw-step"
              data-step={withdrawStep.step}
              className={withdrawStep.step === 'error' ? 'bad small' : 'muted small'}
            >
              {withdrawStep.step}: {withdrawStep.detail}
            </span>
          )}
        </div>
      </section>
    </div>
  )
}
