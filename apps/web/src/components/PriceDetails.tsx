import { useEffect, useState } from 'react'
import type { RankedOrchestrator } from '../discovery/discover.ts'
import { readBasePrice } from '../discovery/readBasePrice.ts'
import {
  formatCostPerMinute,
  formatPricePerPixel,
  formatWei,
  formatWinProb,
  significant,
} from '../lib/format.ts'

/** Props of {@link PriceDetails}. */
export type PriceDetailsProps = {
  /** The orchestrator streaming, else the best candidate. */
  orchestrator: RankedOrchestrator | undefined
  costPerMinute: number | undefined
  /** e.g. "256×256 · 30 fps". */
  outputLabel: string
}

/**
 * How the price is made: the quoted price per pixel, the base price and the redemption markup
 * (auto-adjust: price × (1 + txCost / faceValue), so a winning ticket also pays the gas of
 * redeeming it), the ticket terms (face value, win probability, value of each ticket) and the
 * cost per minute at the current output.
 */
export function PriceDetails({ orchestrator, costPerMinute, outputLabel }: PriceDetailsProps) {
  const url = orchestrator?.url
  const [base, setBase] = useState<number>()
  useEffect(() => {
    setBase(undefined)
    if (!url) return
    let live = true
    void readBasePrice(url).then((p) => {
      if (live) setBase(p)
    })
    return () => {
      live = false
    }
  }, [url])
  if (!orchestrator)
    return <p className="muted small">No orchestrator yet: the price shows once one is found.</p>
  const quoted = orchestrator.pricePerPixel
  const tp = orchestrator.info?.ticketParams
  const faceValue = tp ? BigInt(tp.faceValue) : undefined
  const winProb = tp ? BigInt(tp.winProb) : undefined
  const markup = quoted !== undefined && base ? quoted / base : undefined
  const txCost = markup !== undefined && faceValue ? Number(faceValue) * (markup - 1) : undefined
  const ticketValue =
    faceValue !== undefined && winProb !== undefined
      ? (Number(faceValue) * Number((winProb * 1_000_000n) / (2n ** 256n - 1n))) / 1e6
      : undefined
  return (
    <div className="price-details" data-testid="price-details">
      <dl className="kv">
        <dt>Price</dt>
        <dd data-testid="price-quoted">{formatPricePerPixel(quoted)}</dd>
        <dt>Base price</dt>
        <dd data-testid="price-base">{base === undefined ? '…' : formatPricePerPixel(base)}</dd>
        <dt>Gas markup</dt>
        <dd data-testid="price-markup">
          {markup === undefined ? '–' : markup <= 1.0005 ? 'none' : `+${significant((markup - 1) * 100, 3)}%`}
        </dd>
        <dt>Cost now</dt>
        <dd>
          {formatCostPerMinute(costPerMinute)} <span className="muted">({outputLabel})</span>
        </dd>
        <dt>Ticket face value</dt>
        <dd data-testid="ticket-face-value">{faceValue === undefined ? '–' : formatWei(faceValue)}</dd>
        <dt>Win probability</dt>
        <dd data-testid="ticket-win-prob">{winProb === undefined ? '–' : formatWinProb(winProb)}</dd>
        <dt>Each ticket is worth</dt>
        <dd>{ticketValue === undefined ? '–' : formatWei(ticketValue)}</dd>
      </dl>
      <p className="hint" data-testid="markup-explained">
        You pay with lottery tickets: each one wins its face value with the probability above, so on average
        it is worth face value × probability. An orchestrator that auto-adjusts its price quotes base × (1 +
        redemption gas / face value), so the tickets that win also pay for the gas of cashing them on chain
        {txCost !== undefined && txCost > 0 ? ` (here ≈ ${formatWei(txCost)} of gas per redemption)` : ''}.
      </p>
    </div>
  )
}
