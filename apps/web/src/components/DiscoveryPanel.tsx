import type { RankedOrchestrator } from '../discovery/discover.ts'
import { formatMs, formatPricePerPixel } from '../lib/format.ts'

/** Props of {@link DiscoveryPanel}. */
export type DiscoveryPanelProps = {
  ranked: RankedOrchestrator[]
  busy: boolean
  /** Re-probing quickly until the nodes see the session key's new funds. */
  waitingForFunds: boolean
  chainError: string | undefined
  configured: string
  onConfigured: (v: string) => void
  maxPrice: string
  onMaxPrice: (v: string) => void
  onRefresh: () => void
  current: string | undefined
  updatedAt: number | undefined
}

/**
 * The orchestrators found on chain and in the configured list, probed and ranked, with why each
 * is or is not eligible and what to do about it. Probed again every few seconds.
 */
export function DiscoveryPanel(props: DiscoveryPanelProps) {
  return (
    <div className="stack" data-testid="discovery">
      <section className="card">
        <div className="card-head">
          <h3>Orchestrators</h3>
          <button
            type="button"
            className="small"
            data-testid="discover"
            onClick={props.onRefresh}
            disabled={props.busy}
          >
            {props.busy ? 'Probing…' : 'Refresh'}
          </button>
        </div>
        <p className="hint">
          Found on chain and in your list, each asked for its price and ticket terms for your session key;
          re-checked every 15 s
          {props.waitingForFunds ? ' (every second now: waiting for them to see your new funds)' : ''}.
          {props.updatedAt && ` Last check ${new Date(props.updatedAt).toLocaleTimeString()}.`}
        </p>
        {props.chainError && <p className="warn small">Chain pool unreadable: {props.chainError}</p>}
        <ul className="orch-list">
          {props.ranked.map((o, i) => (
            <li
              key={o.url}
              className={`orch ${o.eligible ? 'eligible' : 'ineligible'}${o.url === props.current ? ' current' : ''}`}
              data-testid="orchestrator-row"
              data-url={o.url}
              data-eligible={o.eligible}
              data-reason={o.reason ?? ''}
            >
              <div className="orch-head">
                <span className="rank">{i + 1}</span>
                <span className="mono url">{o.url}</span>
                {o.url === props.current && <span className="tag live">streaming</span>}
                <span className="tag">{o.source}</span>
              </div>
              <div className="orch-facts">
                <span>{formatPricePerPixel(o.pricePerPixel)}</span>
                <span>RTT {formatMs(o.rttMs)}</span>
                <span>
                  {o.info ? `${o.info.capacity.sessions}/${o.info.capacity.maxSessions} sessions` : '–'}
                </span>
              </div>
              {o.eligible ? (
                <div className="ok small">Ready</div>
              ) : (
                <div className="small" data-testid="orchestrator-why">
                  <span className="bad">{o.explanation?.cause ?? o.reasons.join('; ')}</span>
                  {o.explanation && <span className="fix"> → {o.explanation.fix}</span>}
                </div>
              )}
            </li>
          ))}
        </ul>
        {props.ranked.length === 0 && (
          <p className="muted small">{props.busy ? 'Looking for orchestrators…' : 'None found yet.'}</p>
        )}
      </section>
      <section className="card">
        <h3>Your choices</h3>
        <label className="field">
          <span>Also try these orchestrators</span>
          <input
            placeholder="http://127.0.0.1:8935, https://…"
            value={props.configured}
            onChange={(e) => props.onConfigured(e.target.value)}
            data-testid="configured-orchestrators"
          />
        </label>
        <label className="field">
          <span>Highest price you accept</span>
          <span className="input-unit">
            <input
              value={props.maxPrice}
              onChange={(e) => props.onMaxPrice(e.target.value)}
              data-testid="max-price"
            />
            <em>wei/pixel</em>
          </span>
          <span className="hint">0 accepts any price. Orchestrators above it are skipped.</span>
        </label>
      </section>
    </div>
  )
}
