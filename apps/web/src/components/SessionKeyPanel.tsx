import { useState } from 'react'
import { type PublicClient, parseEther } from 'viem'
import { formatEth } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import { fundSessionKey } from '../sessionKey/fundSessionKey.ts'
import { type SenderState, unlockStatus } from '../sessionKey/readSenderState.ts'
import { exportSessionKey, type SessionKey } from '../sessionKey/sessionKeyStore.ts'
import { WithdrawFlow, type WithdrawStep } from '../sessionKey/WithdrawFlow.ts'
import { useWallet } from '../wallet/useWallet.ts'

/** Props of {@link SessionKeyPanel}. */
export type SessionKeyPanelProps = {
  network: WebNetwork
  client: PublicClient
  sessionKey: SessionKey | undefined
  state: SenderState | undefined
  stateError: string | undefined
  refresh: () => Promise<void>
}

/**
 * The session key: address and export, deposit / reserve / unlock state, funding from the wallet
 * in one transaction, and the withdraw flow with its status.
 */
export function SessionKeyPanel({
  network,
  client,
  sessionKey,
  state,
  stateError,
  refresh,
}: SessionKeyPanelProps) {
  const wallet = useWallet()
  const [deposit, setDeposit] = useState('0.5')
  const [reserve, setReserve] = useState('0.5')
  const [busy, setBusy] = useState<string>()
  const [message, setMessage] = useState<string>()
  const [withdrawStep, setWithdrawStep] = useState<{ step: WithdrawStep; detail: string }>()

  async function fund() {
    if (!sessionKey || !wallet.walletClient) return
    setBusy('funding')
    setMessage(undefined)
    try {
      const hash = await fundSessionKey({
        client: { public: client, wallet: wallet.walletClient, contracts: network.contracts },
        sessionKey: sessionKey.account.address,
        deposit: parseEther(deposit),
        reserve: parseEther(reserve),
      })
      setMessage(`funded in ${hash.slice(0, 10)}…`)
      await refresh()
    } catch (err) {
      setMessage(err instanceof Error ? err.message.split('\n')[0] : String(err))
    } finally {
      setBusy(undefined)
    }
  }

  async function withdraw() {
    if (!sessionKey || !wallet.walletClient) return
    setBusy('withdraw')
    const flow = new WithdrawFlow({
      client,
      wallet: wallet.walletClient,
      chain: network.chain,
      contracts: network.contracts,
      sessionKey: sessionKey.account,
    })
    flow.events.on('step', (step, detail) => {
      setWithdrawStep({ step, detail })
      void refresh()
    })
    try {
      await flow.run()
    } catch {
    } finally {
      setBusy(undefined)
      await refresh()
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
  return (
    <section className="panel" data-testid="session-key">
      <h2>Session key</h2>
      <div className="mono" data-testid="session-key-address">
        {sessionKey?.account.address ?? 'creating…'}
      </div>
      <div className="row">
        <button type="button" onClick={download} disabled={!sessionKey}>
          Export key
        </button>
      </div>
      <table>
        <tbody>
          <tr>
            <td>Deposit</td>
            <td data-testid="deposit">{state ? formatEth(state.deposit) : '–'}</td>
          </tr>
          <tr>
            <td>Reserve</td>
            <td data-testid="reserve">{state ? formatEth(state.reserve.fundsRemaining) : '–'}</td>
          </tr>
          <tr>
            <td>Unlock</td>
            <td data-testid="unlock-state">
              {unlock ?? '–'}
              {state && state.withdrawRound > 0n && ` (round ${state.currentRound} → ${state.withdrawRound})`}
            </td>
          </tr>
          <tr>
            <td>Key balance</td>
            <td data-testid="key-balance">{state ? formatEth(state.balance) : '–'}</td>
          </tr>
        </tbody>
      </table>
      {stateError && <div className="bad">{stateError}</div>}
      <div className="row">
        <label>
          Deposit{' '}
          <input
            size={5}
            value={deposit}
            onChange={(e) => setDeposit(e.target.value)}
            data-testid="fund-deposit"
          />
        </label>
        <label>
          Reserve{' '}
          <input
            size={5}
            value={reserve}
            onChange={(e) => setReserve(e.target.value)}
            data-testid="fund-reserve"
          />
        </label>
        <button
          type="button"
          data-testid="fund"
          disabled={!wallet.isConnected || !sessionKey || busy !== undefined}
          onClick={() => void fund()}
        >
          {busy === 'funding' ? 'Funding…' : 'Fund from wallet'}
        </button>
      </div>
      <div className="row">
        <button
          type="button"
          data-testid="withdraw"
          disabled={!wallet.isConnected || !sessionKey || busy !== undefined}
          onClick={() => void withdraw()}
        >
          {busy === 'withdraw' ? 'Withdrawing…' : 'Withdraw to wallet'}
        </button>
        {withdrawStep && (
          <span
            data-testid="withdraw-step"
            data-step={withdrawStep.step}
            className={withdrawStep.step === 'error' ? 'bad' : ''}
          >
            {withdrawStep.step}: {withdrawStep.detail}
          </span>
        )}
      </div>
      {message && <div className="muted">{message}</div>}
    </section>
  )
}
