import { formatMs } from '../lib/format.ts'
import type { SwapRecord } from '../session/LiveGateway.ts'
import { describeSwapReason } from '../swap/swapPolicy.ts'

/** The swaps of this stream: why, from where to where, and the time to recover. */
export function SwapLog({ swaps }: { swaps: SwapRecord[] }) {
  if (swaps.length === 0) return null
  return (
    <section className="card" data-testid="swap-log">
      <h3>Swaps</h3>
      <table>
        <tbody>
          {swaps.map((s) => (
            <tr key={s.at} data-testid="swap-row" data-recover-ms={s.recoverMs ?? ''} data-reason={s.reason}>
              <td>
                {describeSwapReason(s.reason)}
                <div className="muted">{s.detail}</div>
              </td>
              <td className="mono">
                {s.from} → {s.to ?? 'none'}
              </td>
              <td>
                {s.recoverMs === undefined
                  ? s.to
                    ? 'recovering…'
                    : 'not recovered'
                  : `recovered in ${formatMs(s.recoverMs)}${s.outageMs !== undefined ? ` (output gap ${formatMs(s.outageMs)})` : ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
