import type { RankedOrchestrator } from '../discovery/discover.ts'
import { useEmitterValue } from '../hooks/useEmitterValue.ts'
import { formatPricePerPixel, formatRunway, formatWei } from '../lib/format.ts'
import type { WebNetwork } from '../network/webNetwork.ts'
import type { PaymentLedger } from '../payment/PaymentLedger.ts'
import { PriceDetails } from './PriceDetails.tsx'

/** Props of {@link LedgerPanel}. */
export type LedgerPanelProps = {
  ledger: PaymentLedger
  network: WebNetwork
  orchestrator: RankedOrchestrator | undefined
  costPerMinute: number | undefined
  outputLabel: string
}

/** A transaction link on a chain with an explorer, else the hash. */
export function TxLink({ network, hash }: { network: WebNetwork; hash: string }) {
  const short = `${hash.slice(0, 10)}…${hash.slice(-6)}`
  const explorer = network.chain.blockExplorers?.default.url
  return explorer ? (
    <a className="mono" href={`${explorer}/tx/${hash}`} target="_blank" rel="noreferrer" title={hash}>
      {short}
    </a>
  ) : (
    <code className="mono" title={hash}>
      {short}
    </code>
  )
}

/**
 * Payments: what was paid (expected value), at which price, the credit the node holds, tickets
 * sent, accepted and won, the winning tickets redeemed on chain with their transactions, and how
 * the price is made.
 */
export function LedgerPanel({ ledger, network, orchestrator, costPerMinute, outputLabel }: LedgerPanelProps) {
  const s = useEmitterValue(ledger.events, () => ledger.state)
  const rows: [string, string, string][] = [
    ['Orchestrator', s.orchestrator ?? '–', 'ledger-orchestrator'],
    ['Status', s.status, 'ledger-status'],
    ['Paid (expected value)', formatWei(s.evPaid), 'ledger-ev'],
    ['Price', s.pricePerPixel === undefined ? '–' : formatPricePerPixel(s.pricePerPixel), 'ledger-price'],
    [
      'Credit with the node',
      s.balance === undefined
        ? '–'
        : `${formatWei(s.balance)}${costPerMinute ? ` · covers ${formatRunway(BigInt(Math.max(0, Math.round(s.balance))), costPerMinute)}` : ''}`,
      'ledger-balance',
    ],
    ['Tickets sent', String(s.ticketsSent), 'ledger-tickets'],
    ['Payments sent', String(s.payments), 'ledger-payments'],
    ['Accepted by the node', String(s.ticketsAccepted), 'ledger-accepted'],
    ['Winning tickets (node)', String(s.winningTickets), 'ledger-winners'],
    [
      'Redeemed on chain',
      `${s.redeemedOnChain} ticket${s.redeemedOnChain === 1 ? '' : 's'} · ${formatWei(s.redeemedValue)}`,
      'ledger-redeemed',
    ],
  ]
  return (
    <div className="stack" data-testid="ledger">
      <section className="card">
        <h3>Payments</h3>
        <dl className="kv">
          {rows.map(([k, v, id]) => (
            <div key={id} className="kv-row">
              <dt>{k}</dt>
              <dd className={id === 'ledger-orchestrator' ? 'mono' : ''} data-testid={id}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
        {s.errors.map((e) => (
          <p key={e} className="bad small">
            {e}
          </p>
        ))}
      </section>
      <section className="card">
        <h3>Winning tickets</h3>
        {s.redemptions.length === 0 ? (
          <p className="muted small">None redeemed on chain yet.</p>
        ) : (
          <ul className="redemptions">
            {s.redemptions.map((r) => (
              <li key={r.txHash} data-testid="redemption-row" data-tx={r.txHash}>
                Ticket won — redeemed on chain in tx <TxLink network={network} hash={r.txHash} /> ·{' '}
                {formatWei(r.faceValue)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h3>How the price is made</h3>
        <PriceDetails orchestrator={orchestrator} costPerMinute={costPerMinute} outputLabel={outputLabel} />
      </section>
    </div>
  )
}
