import { useEmitterValue } from '../hooks/useEmitterValue.ts'
import { formatEth } from '../lib/format.ts'
import type { PaymentLedger } from '../payment/PaymentLedger.ts'

/** Tickets sent, EV paid, price, node balance, winning tickets and what the chain says about them. */
export function LedgerPanel({ ledger }: { ledger: PaymentLedger }) {
  const s = useEmitterValue(ledger.events, () => ledger.state)
  const rows: [string, string, string][] = [
    ['Orchestrator', s.orchestrator ?? '–', 'ledger-orchestrator'],
    ['Status', s.status, 'ledger-status'],
    ['Tickets sent', String(s.ticketsSent), 'ledger-tickets'],
    ['Payments sent', String(s.payments), 'ledger-payments'],
    ['EV paid', `${Math.round(s.evPaid)} wei`, 'ledger-ev'],
    ['Price', s.pricePerPixel === undefined ? '–' : `${s.pricePerPixel} wei/pixel`, 'ledger-price'],
    ['Node balance', s.balance === undefined ? '–' : `${Math.round(s.balance)} wei`, 'ledger-balance'],
    ['Accepted by node', String(s.ticketsAccepted), 'ledger-accepted'],
    ['Winning tickets (node)', String(s.winningTickets), 'ledger-winners'],
    ['Redeemed on chain', `${s.redeemedOnChain} (${formatEth(s.redeemedValue)})`, 'ledger-redeemed'],
  ]
  return (
    <section className="panel" data-testid="ledger">
      <h2>Payments</h2>
      <table>
        <tbody>
          {rows.map(([k, v, id]) => (
            <tr key={id}>
              <td>{k}</td>
              <td className={id === 'ledger-orchestrator' ? 'mono' : ''} data-testid={id}>
                {v}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.errors.map((e) => (
        <div key={e} className="bad muted">
          {e}
        </div>
      ))}
    </section>
  )
}
