import {
  bond,
  type ChainClient,
  claimEarnings,
  rebond,
  unbond,
  withdrawFees,
  withdrawStake,
} from '@prism/protocol'
import { useMemo, useState } from 'react'
import { type Address, type PublicClient, parseEther, type WalletClient } from 'viem'
import type { WebNetwork } from '../network/webNetwork.ts'
import type { UseWalletReturnType } from '../wallet/useWallet.ts'
import { formatPpm, formatToken } from './format.ts'
import { type DelegatorRow, type OrchestratorRow, stakeContracts } from './readStake.ts'
import { runStakeStep, type StakeStep } from './stakeSteps.ts'
import { useStake } from './useStake.ts'
import './stake.css'

/** Props of {@link StakeView}. */
export type StakeViewProps = {
  network: WebNetwork
  client: PublicClient
  wallet: UseWalletReturnType
}

function parseAmount(text: string): bigint | undefined {
  if (!/^\d+(\.\d{1,18})?$/.test(text.trim())) return undefined
  const v = parseEther(text.trim())
  return v > 0n ? v : undefined
}

function short(a: Address): string {
  return `${a.slice(0, 6)}…${a.slice(-4)}`
}

/**
 * The Stake view (the Livepeer Explorer's core for a delegator): the pool's orchestrators with
 * stake, reward cut, fee share and service URI; bonding LPT from the wallet to one; the account's
 * pending stake and fees growing round by round; claim, fee withdrawal, unbonding and stake
 * withdrawal after the unbonding period, each step's state shown.
 */
export function StakeView({ network, client, wallet }: StakeViewProps) {
  const contracts = useMemo(() => stakeContracts(network), [network])
  const reader = useMemo((): ChainClient => ({ public: client, contracts }), [client, contracts])
  const writer = useMemo(
    (): ChainClient | undefined =>
      wallet.walletClient
        ? {
            public: client,
            wallet: wallet.walletClient as WalletClient as NonNullable<ChainClient['wallet']>,
            contracts,
          }
        : undefined,
    [client, contracts, wallet.walletClient],
  )
  const { state, error, refresh } = useStake(reader, wallet.address)
  const [steps, setSteps] = useState<StakeStep[]>([])
  const [amount, setAmount] = useState('100')
  const [unbondAmount, setUnbondAmount] = useState('10')

  const step = async (label: string, write: (c: ChainClient) => Promise<{ txHash?: string } | null>) => {
    if (!writer) return
    await runStakeStep(
      label,
      () => write(writer),
      (s) => setSteps((prev) => [s, ...prev.filter((p) => p.label !== s.label)].slice(0, 8)),
    )
    await refresh()
  }
  const bondTo = (to: Address) => {
    const value = parseAmount(amount)
    if (value === undefined) return
    void step(`Bond ${formatToken(value)} LPT to ${short(to)}`, (c) => bond(c, { amount: value, to }))
  }

  return (
    <div className="stake-view stack" data-testid="stake-view">
      <header className="stake-header">
        <h1>Stake</h1>
        <span data-testid="stake-round">
          {state
            ? `round ${state.round}${state.roundInitialized ? '' : ' (not initialized yet)'}`
            : 'reading…'}
        </span>
        <a href="?" data-testid="stake-back">
          ← studio
        </a>
      </header>
      {error && (
        <p className="error" data-testid="stake-error">
          {error}
        </p>
      )}
      <WalletBox wallet={wallet} />
      <section className="panel" data-testid="stake-pool">
        <h2>Orchestrators</h2>
        <label>
          LPT to bond{' '}
          <input
            data-testid="bond-amount"
            value={amount}
            inputMode="decimal"
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <table>
          <thead>
            <tr>
              <th>orchestrator</th>
              <th>stake (LPT)</th>
              <th>reward cut</th>
              <th>fee share</th>
              <th>service URI</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state?.orchestrators.map((o) => (
              <OrchestratorLine
                key={o.address}
                o={o}
                canBond={!!writer && parseAmount(amount) !== undefined}
                onBond={() => bondTo(o.address)}
              />
            ))}
          </tbody>
        </table>
        {state && state.orchestrators.length === 0 && <p>No orchestrator in the pool yet.</p>}
      </section>
      {state?.me && (
        <MyStake
          me={state.me}
          round={state.round}
          canWrite={!!writer}
          unbondAmount={unbondAmount}
          onUnbondAmount={setUnbondAmount}
          onClaim={() => void step('Claim earnings', (c) => claimEarnings(c))}
          onWithdrawFees={() => void step('Withdraw fees', (c) => withdrawFees(c))}
          onUnbond={() => {
            const value = parseAmount(unbondAmount)
            if (value !== undefined)
              void step(`Unbond ${formatToken(value)} LPT`, (c) => unbond(c, { amount: value }))
          }}
          onWithdrawStake={(id) =>
            void step(`Withdraw stake of lock ${id}`, (c) => withdrawStake(c, { unbondingLockId: id }))
          }
          onRebond={(id) =>
            void step(`Rebond lock ${id}`, (c) =>
              rebond(c, {
                unbondingLockId: id,
                to: state.me?.status === 'Unbonded' ? state.orchestrators[0]?.address : undefined,
              }),
            )
          }
        />
      )}
      <section className="panel" data-testid="stake-steps">
        <h2>Steps</h2>
        {steps.length === 0 && <p>Nothing sent yet.</p>}
        <ul>
          {steps.map((s) => (
            <li key={s.label} data-testid="stake-step" data-status={s.status}>
              {s.label}: {s.status}
              {s.detail ? ` (${s.detail})` : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

function WalletBox({ wallet }: { wallet: UseWalletReturnType }) {
  if (wallet.isConnected && wallet.address)
    return (
      <p data-testid="stake-wallet">
        Wallet <code>{wallet.address}</code>
      </p>
    )
  return (
    <p className="stack">
      <span>Connect a wallet to bond LPT (the dev wallet holds dev LPT).</span>
      {wallet.connectors.map((c) => (
        <button
          key={c.id}
          type="button"
          data-testid={`stake-connect-${c.id}`}
          onClick={() => void wallet.connect(c.id)}
        >
          {c.id === 'mock' ? 'Connect Dev wallet' : `Connect ${c.name}`}
        </button>
      ))}
      {wallet.error && <span className="error">{wallet.error}</span>}
    </p>
  )
}

function OrchestratorLine({
  o,
  canBond,
  onBond,
}: {
  o: OrchestratorRow
  canBond: boolean
  onBond: () => void
}) {
  return (
    <tr data-testid={`orch-${o.address}`} data-active={o.active}>
      <td>
        <code>{short(o.address)}</code> {o.active ? 'active' : 'inactive'}
      </td>
      <td data-testid="orch-stake">{formatToken(o.totalStake)}</td>
      <td data-testid="orch-reward-cut">{formatPpm(o.rewardCut)}</td>
      <td data-testid="orch-fee-share">{formatPpm(o.feeShare)}</td>
      <td>
        <code>{o.serviceUri || '—'}</code>
      </td>
      <td>
        <button type="button" data-testid={`bond-${o.address}`} disabled={!canBond} onClick={onBond}>
          Bond
        </button>
      </td>
    </tr>
  )
}

type MyStakeProps = {
  me: DelegatorRow
  round: bigint
  canWrite: boolean
  unbondAmount: string
  onUnbondAmount: (v: string) => void
  onClaim: () => void
  onWithdrawFees: () => void
  onUnbond: () => void
  onWithdrawStake: (id: bigint) => void
  onRebond: (id: bigint) => void
}

function MyStake(p: MyStakeProps) {
  const { me, round } = p
  const rewards = me.pendingStake - me.bondedAmount
  return (
    <section className="panel" data-testid="my-stake">
      <h2>Your stake</h2>
      <dl>
        <dt>LPT in the wallet</dt>
        <dd data-testid="lpt-balance">{formatToken(me.lpt)}</dd>
        <dt>status</dt>
        <dd data-testid="delegator-status">
          {me.status}
          {me.status === 'Pending' ? ` (counts from round ${me.startRound})` : ''}
        </dd>
        <dt>bonded to</dt>
        <dd data-testid="delegate">{me.status === 'Unbonded' ? '—' : me.delegateAddress}</dd>
        <dt>bonded (last claim)</dt>
        <dd data-testid="bonded-amount">{formatToken(me.bondedAmount)}</dd>
        <dt>with rewards since</dt>
        <dd data-testid="pending-stake" data-wei={me.pendingStake.toString()}>
          {formatToken(me.pendingStake)} (+{formatToken(rewards > 0n ? rewards : 0n)} LPT)
        </dd>
        <dt>fees</dt>
        <dd data-testid="pending-fees" data-wei={me.pendingFees.toString()}>
          {formatToken(me.pendingFees)} ETH
        </dd>
      </dl>
      <div className="row">
        <button
          type="button"
          data-testid="claim"
          disabled={!p.canWrite || me.status === 'Unbonded'}
          onClick={p.onClaim}
        >
          Claim earnings
        </button>
        <button
          type="button"
          data-testid="withdraw-fees"
          disabled={!p.canWrite || me.pendingFees === 0n}
          onClick={p.onWithdrawFees}
        >
          Withdraw fees
        </button>
        <input
          data-testid="unbond-amount"
          value={p.unbondAmount}
          inputMode="decimal"
          onChange={(e) => p.onUnbondAmount(e.target.value)}
        />
        <button
          type="button"
          data-testid="unbond"
          disabled={!p.canWrite || me.status !== 'Bonded'}
          onClick={p.onUnbond}
        >
          Unbond
        </button>
      </div>
      <h3>Unbonding</h3>
      {me.unbondingLocks.length === 0 && <p>No unbonding lock.</p>}
      <ul>
        {me.unbondingLocks.map((l) => {
          const ready = l.withdrawRound <= round
          return (
            <li key={l.id.toString()} data-testid={`lock-${l.id}`} data-ready={ready}>
              {formatToken(l.amount)} LPT,{' '}
              {ready ? 'withdrawable now' : `withdrawable from round ${l.withdrawRound} (now ${round})`}{' '}
              <button
                type="button"
                data-testid={`withdraw-stake-${l.id}`}
                disabled={!p.canWrite || !ready}
                onClick={() => p.onWithdrawStake(l.id)}
              >
                Withdraw
              </button>{' '}
              <button
                type="button"
                data-testid={`rebond-${l.id}`}
                disabled={!p.canWrite}
                onClick={() => p.onRebond(l.id)}
              >
                Rebond
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
