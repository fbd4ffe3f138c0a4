import { useEmitterValue } from '../hooks/useEmitterValue.ts'
import type { VerificationStore } from '../verification/VerificationStore.ts'

/** Verification results: runtime, status and the last samples with their SSIM or rendition check. */
export function VerificationPanel({ store }: { store: VerificationStore }) {
  const results = useEmitterValue(store.events, () => store.results)
  return (
    <section className="card" data-testid="verification">
      <h3>Verification</h3>
      <div className="muted">
        runtime: <span data-testid="verification-provider">{store.provider}</span> · {store.status}
      </div>
      <table>
        <tbody>
          {results
            .slice(-6)
            .reverse()
            .map((r) => (
              <tr
                key={`${r.at}-${r.orchestrator}`}
                data-testid="verification-row"
                data-passed={r.passed}
                data-ssim={r.ssim ?? ''}
              >
                <td className={r.passed ? 'ok' : 'bad'}>
                  {r.passed ? 'pass' : r.flagged ? 'FLAGGED' : 'fail'}
                </td>
                <td>{r.kind}</td>
                <td>{r.ssim !== undefined ? `SSIM ${r.ssim.toFixed(3)}` : ''}</td>
                <td className="muted">
                  {r.detail}
                  {r.computeMs !== undefined && ` (${Math.round(r.computeMs)} ms local)`}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {results.length === 0 && <div className="muted">no sample yet</div>}
    </section>
  )
}
