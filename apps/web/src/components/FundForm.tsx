import { useState } from 'react'
import { type Hash, type PublicClient, parseEther } from 'viem'
import { formatEth } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import { fundSessionKey } from '../sessionKey/fundSessionKey.ts'
import type { SessionKey } from '../sessionKey/sessionKeyStore.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'

/** Props of {@link FundForm}. */
export type FundFormProps = {
  network: WebNetwork
  client: PublicClient
  sessionKey: SessionKey | undefined
  wallet: UseWalletReturnType
  /** Called once the funding transaction is mined. */
  onFunded: (txHash: Hash) => void | Promise<void>
}

/**
 * Funds the session key from the wallet in one transaction: a deposit (pays winning tickets) and a
 * reserve (backs them, split among the orchestrators paid).
 */
export function FundForm({ network, client, sessionKey, wallet, onFunded }: FundFormProps) {
  const [deposit, setDeposit] = useState('0.5')
  const [reserve, setReserve] = useState('0.5')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()

  let total: bigint | undefined
  try {
    total = parseEther(deposit) + parseEther(reserve)
  } catch {
    total = undefined
  }

  async function fund() {
    if (!sessionKey || !wallet.walletClient || total === undefined) return
    setBusy(true)
    setMessage(undefined)
    try {
      const hash = await fundSessionKey({
        client: { public: client, wallet: wallet.walletClient, contracts: network.contracts },
        sessionKey: sessionKey.account.address,
        deposit: parseEther(deposit),
        reserve: parseEther(reserve),
      })
      setMessage({ ok: true, text: `Funded in tx ${hash.slice(0, 10)}…` })
      await onFunded(hash)
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message.split('\n')[0]! : String(err) })
    } finally {
      setBusy(false)
    }
  }

  const tooMuch = total !== undefined && wallet.balance !== undefined && total > wallet.balance
  return (
    <div className="fund-form">
      <div className="fields">
        <label>
          <span>Deposit</span>
          <span className="input-unit">
            <input
              inputMode="decimal"
              value={deposit}
              onChange={(e) => setDeposit(e.target.value)}
              data-testid="fund-deposit"
            />
            <em>ETH</em>
          </span>
        </label>
        <label>
          <span>Reserve</span>
          <span className="input-unit">
            <input
              inputMode="decimal"
              value={reserve}
              onChange={(e) => setReserve(e.target.value)}
              data-testid="fund-reserve"
            />
            <em>ETH</em>
          </span>
        </label>
      </div>
      <button
        type="button"
        className="primary wide"
        data-testid="fund"
        disabled={!wallet.isConnected || !sessionKey || busy || total === undefined || total === 0n}
        onClick={() => void fund()}
      >
        {busy
          ? 'Funding…'
          : total !== undefined
            ? `Fund ${formatEth(total)} from wallet`
            : 'Fund from wallet'}
      </button>
      <p className="hint">
        The deposit pays the orchestrator's winning tickets; the reserve guarantees them. Both stay yours
        until spent, and Withdraw returns the rest.
      </p>
      {tooMuch && <p className="bad small">That is more than your wallet holds.</p>}
      {message && (
        <p className={message.ok ? 'ok small' : 'bad small'} data-testid="fund-message">
          {message.text}
        </p>
      )}
    </div>
  )
}
