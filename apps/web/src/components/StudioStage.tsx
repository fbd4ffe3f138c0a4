import type { GatewaySnapshot } from '../session/LiveGateway.ts'
import { LiveVideo } from './LiveVideo.tsx'

/** Props of {@link StudioStage}. */
export type StudioStageProps = {
  snapshot: GatewaySnapshot
  input: MediaStream | undefined
  /** A start is being prepared (camera, finding an orchestrator). */
  starting: boolean
  /** What is missing before the first stream, if anything (e.g. "Fund your session key"). */
  blocker: string | undefined
  /** Title of the look being streamed, for the overlay. */
  lookTitle: string | undefined
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * The hero: the processed video large, the camera as a small preview in its corner, and what is
 * happening over it (empty, connecting, loading a model, swapping, failed, live).
 */
export function StudioStage({ snapshot, input, starting, blocker, lookTitle }: StudioStageProps) {
  const s = snapshot.state
  const live = s === 'live' && snapshot.framesOut > 0
  let overlay: { kind: 'empty' | 'busy' | 'error'; title: string; detail?: string | undefined } | undefined
  if (s === 'failed')
    overlay = {
      kind: 'error',
      title: 'The stream stopped',
      detail: snapshot.error ?? 'no orchestrator answered',
    }
  else if (s === 'swapping')
    overlay = { kind: 'busy', title: 'Switching orchestrator…', detail: snapshot.error }
  else if (s === 'connecting' || starting)
    overlay = { kind: 'busy', title: starting ? 'Finding an orchestrator…' : 'Connecting…' }
  else if (s === 'live' && !live) overlay = { kind: 'busy', title: 'Waiting for the first frame…' }
  else if (s !== 'live')
    overlay = {
      kind: 'empty',
      title: blocker ? blocker : 'Your stylized video appears here',
      detail: blocker ? undefined : 'Pick a style on the right and press Start.',
    }
  return (
    <div className={`hero ${live ? 'is-live' : ''}`} data-testid="stage" data-state={s}>
      <LiveVideo stream={snapshot.output} testId="output-video" className="output" />
      {overlay && (
        <div className={`overlay ${overlay.kind}`} data-testid="stage-overlay" data-kind={overlay.kind}>
          {overlay.kind === 'busy' && <span className="spinner" aria-hidden />}
          <strong>{overlay.title}</strong>
          {overlay.detail && <span className="detail">{overlay.detail}</span>}
        </div>
      )}
      <div className="badges">
        {live && <span className="live-badge">● LIVE</span>}
        {live && lookTitle && <span className="look-badge">{lookTitle}</span>}
        {snapshot.warning && (
          <span
            className="warning-badge"
            data-testid="stream-warning"
            title={snapshot.warning}
            style={{ color: 'var(--warn)' }}
          >
            ⚠ verification failed: output unverified
          </span>
        )}
        {snapshot.loading && (
          <span className="loading-badge" data-testid="model-loading">
            loading {snapshot.loading.replace(/^builtin:/, '')}…
          </span>
        )}
      </div>
      {live && (
        <div className="hero-meta">
          {hostOf(snapshot.orchestrator)}
          {snapshot.outputSize && ` · ${snapshot.outputSize.width}×${snapshot.outputSize.height}`}
        </div>
      )}
      <div className={`pip ${input ? '' : 'off'}`}>
        <LiveVideo stream={input} testId="input-video" />
        <span className="pip-label">{input ? 'camera' : 'camera off'}</span>
      </div>
    </div>
  )
}
