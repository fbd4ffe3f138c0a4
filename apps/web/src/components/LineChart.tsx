import type { MetricPoint } from '../metrics/MetricsStore.ts'

/** Props of {@link LineChart}. */
export type LineChartProps = {
  title: string
  unit: string
  points: MetricPoint[]
  testId: string
  /** Formats a value with its unit. Default: a short number and `unit`. */
  format?: (v: number) => string
}

const W = 280
const H = 80

/** A small SVG line chart of one series with its latest value. */
export function LineChart({ title, unit, points, testId, format }: LineChartProps) {
  const show = format ?? ((v: number) => `${formatValue(v)} ${unit}`)
  const values = points.map((p) => p.value)
  const max = Math.max(1e-9, ...values)
  const t0 = points[0]?.at ?? 0
  const t1 = points[points.length - 1]?.at ?? 1
  const span = Math.max(1, t1 - t0)
  const path = points
    .map(
      (p, i) =>
        `${i ? 'L' : 'M'}${(((p.at - t0) / span) * W).toFixed(1)},${(H - (p.value / max) * (H - 4)).toFixed(1)}`,
    )
    .join(' ')
  const latest = values[values.length - 1]
  return (
    <figure style={{ margin: 0 }} data-testid={testId} data-latest={latest ?? ''}>
      <figcaption className="muted">
        {title}: <strong>{latest === undefined ? '–' : show(latest)}</strong>
        {points.length > 0 && <span> (max {show(max)})</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={title}>
        <rect x={0} y={0} width={W} height={H} rx={6} className="chart-bg" />
        <path d={path} fill="none" className="chart-line" strokeWidth={1.5} />
      </svg>
    </figure>
  )
}

function formatValue(v: number): string {
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(2)}M`
  if (Math.abs(v) >= 1e3) return `${(v / 1e3).toFixed(1)}k`
  return v.toFixed(v < 10 ? 2 : 0)
}
