import { useEmitterValue } from '../hooks/useEmitterValue.ts'
import { formatWei } from '../lib/format.ts'
import type { MetricsStore } from '../metrics/MetricsStore.ts'
import { LineChart } from './LineChart.tsx'

/** Live charts: round trip (ICE and control ping), fps in/out, bitrate in/out, spend. */
export function MetricsPanel({ metrics }: { metrics: MetricsStore }) {
  useEmitterValue(metrics.events, () => metrics.version)
  return (
    <section className="card" data-testid="metrics">
      <h3>Live charts</h3>
      <div className="charts">
        <LineChart title="ICE round trip" unit="ms" points={metrics.series('rttMs')} testId="chart-rtt" />
        <LineChart title="Control ping" unit="ms" points={metrics.series('pingMs')} testId="chart-ping" />
        <LineChart title="Output fps" unit="fps" points={metrics.series('fpsOut')} testId="chart-fps-out" />
        <LineChart title="Input fps" unit="fps" points={metrics.series('fpsIn')} testId="chart-fps-in" />
        <LineChart
          title="Bitrate in"
          unit="bit/s"
          points={metrics.series('bitrateIn')}
          testId="chart-bitrate-in"
        />
        <LineChart
          title="Bitrate out"
          unit="bit/s"
          points={metrics.series('bitrateOut')}
          testId="chart-bitrate-out"
        />
        <LineChart
          title="Paid (expected value)"
          unit="ETH"
          points={metrics.series('spendWei')}
          testId="chart-spend"
          format={formatWei}
        />
      </div>
    </section>
  )
}
