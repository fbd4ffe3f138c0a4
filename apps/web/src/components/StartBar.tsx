import { formatCostPerMinute, formatPricePerPixel } from '../lib/format.ts'
import type { GatewaySnapshot } from '../session/LiveGateway.ts'
import { describeSwapGap } from '../swap/describeSwapGap.ts'

/** Props of {@link StartBar}. */
export type StartBarProps = {
  snapshot: GatewaySnapshot
  running: boolean
  starting: boolean
  /** Start is not possible yet, and why (e.g. "Connect a wallet first"). */
  blocker: string | undefined
  onStart: () => void
  onStop: () => void
  /** Price per pixel that applies (the streaming node's, else the best candidate's), wei. */
  pricePerPixel: number | undefined
  /** Output pixels per second of the pipeline. */
  pixelsPerSecond: number
  /** What that costs per minute, wei. */
  costPerMinute: number | undefined
  /** e.g. "256×256 · 30 fps". */
  outputLabel: string
  /** Local error (camera, start). */
  error: string | undefined
  /** Discovery status line, e.g. "2 orchestrators ready" or "waiting for the node to see your deposit…". */
  discovery: string
  /** Opens the price explanation. */
  onExplainPrice: () => void
}

/** One clear Start (or Stop), the cost per minute at the current price and output, and what went wrong. */
export function StartBar(p: StartBarProps) {
  const s = p.snapshot
  const swapGap = p.running ? describeSwapGap(s.swaps.at(-1)) : undefined
  return (
    <div className="startbar">
      {p.running ? (
        <button type="button" className="stop big" data-testid="stop" onClick={p.onStop}>
          ■ Stop
        </button>
      ) : (
        <button
          type="button"
          className="primary big"
          data-testid="start"
          onClick={p.onStart}
          disabled={p.starting}
          title={p.blocker}
        >
          {p.starting ? 'Starting…' : '▶ Start'}
        </button>
      )}
      <div className="startbar-info">
        <div className="line">
          <span className={`state-pill ${s.state}`} data-testid="stream-state" data-state={s.state}>
            {s.state}
          </span>
          <span className="muted small" data-testid="discovery-status">
            {p.discovery}
          </span>
          {swapGap && (
            <span className="muted small" data-testid="swap-gap">
              {swapGap}
            </span>
          )}
        </div>
        <div className="line cost">
          {p.costPerMinute === undefined ? (
            <span className="muted small" data-testid="cost-per-minute">
              The cost per minute shows once an orchestrator quotes its price · {p.outputLabel}
            </span>
          ) : (
            <>
              <button type="button" className="link" onClick={p.onExplainPrice} title="How the price is made">
                <strong data-testid="cost-per-minute">{formatCostPerMinute(p.costPerMinute)}</strong>
              </button>
              <span className="muted small">
                at <span data-testid="price-per-pixel">{formatPricePerPixel(p.pricePerPixel)}</span> ·{' '}
                {p.outputLabel}
                {p.pixelsPerSecond > 0 && ` · ${(p.pixelsPerSecond / 1e6).toFixed(2)} Mpixel/s`}
              </span>
            </>
          )}
        </div>
        {p.blocker && !p.running && <div className="warn small">{p.blocker}</div>}
        {p.error && (
          <div className="bad small" role="alert" data-testid="start-error">
            {p.error}
          </div>
        )}
        {s.error && (
          <div className="bad small" role="alert" data-testid="stream-error">
            {s.error}
          </div>
        )}
      </div>
    </div>
  )
}
