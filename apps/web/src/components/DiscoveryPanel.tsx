import type { RankedOrchestrator } from '../discovery/discover.ts'
import { formatMs } from '../lib/format.ts'

/** Props of {@link DiscoveryPanel}. */
export type DiscoveryPanelProps = {
  ranked: RankedOrchestrator[]
  busy: boolean
  chainError: string | undefined
  configured: string
  onConfigured: (v: string) => void
  maxPrice: string
  onMaxPrice: (v: string) => void
  onRefresh: () => void
  current: string | undefined
}

/**
 * The orchestrators found on chain and in the configured list, probed and ranked, with why each
 * is or is not eligible.
 */
export function DiscoveryPanel(props: DiscoveryPanelProps) {
  return (
    <section className="panel" data-testid="discovery">
      <h2>Orchestrators</h2>
      <div className="row">
        <label>
          Configured{' '}
          <input
            size={28}
            placeholder="http://127.0.0.1:8935, …"
            value={props.configured}
            onChange={(e) => props.onConfigured(e.target.value)}
          />
        </label>
        <label>
          Max wei/pixel{' '}
          <input size={5} value={props.maxPrice} onChange={(e) => props.onMaxPrice(e.target.value)} />
        </label>
        <button type="button" data-testid="discover" onClick={props.onRefresh} disabled={props.busy}>
          {props.busy ? 'Probing…' : 'Refresh'}
        </button>
      </div>
      {props.chainError && <div className="warn">chain pool: {props.chainError}</div>}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>URL</th>
            <th>price</th>
            <th>RTT</th>
            <th>load</th>
            <th>status</th>
          </tr>
        </thead>
        <tbody>
          {props.ranked.map((o, i) => (
            <tr key={o.url} data-testid="orchestrator-row" data-url={o.url} data-eligible={o.eligible}>
              <td>{i + 1}</td>
              <td className="mono">
                {o.url}
                {o.url === props.current && ' ◀'}
                <div className="muted">{o.source}</div>
              </td>
              <td>{o.pricePerPixel ?? '–'}</td>
              <td>{formatMs(o.rttMs)}</td>
              <td>{o.info ? `${o.info.capacity.sessions}/${o.info.capacity.maxSessions}` : '–'}</td>
              <td className={o.eligible ? 'ok' : 'bad'}>{o.eligible ? 'eligible' : o.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.ranked.length === 0 && <div className="muted">none found yet</div>}
    </section>
  )
}
