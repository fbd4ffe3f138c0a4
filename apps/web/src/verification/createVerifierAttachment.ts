import type { MetricsStore } from '../metrics/MetricsStore.ts'
import type { AttachSession, GatewaySnapshot, SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { AiVerifier } from './AiVerifier.ts'
import type { ChainRecomputer } from './ChainRecomputer.ts'
import { canTapInput, InputTap } from './InputTap.ts'
import { canTapOutput } from './OutputTap.ts'
import { TranscodeVerifier } from './TranscodeVerifier.ts'
import type { VerificationStore } from './VerificationStore.ts'

/** Mean of the last 3 points of a series (a one-second reading is noisy). */
function recentMean(metrics: MetricsStore, series: 'fpsOut' | 'fpsIn'): number | undefined {
  const points = metrics.series(series).slice(-3)
  return points.length ? points.reduce((a, p) => a + p.value, 0) / points.length : undefined
}

/** Options of {@link createVerifierAttachment}. */
export type CreateVerifierAttachmentOptions = {
  store: VerificationStore
  metrics: MetricsStore
  snapshot: () => GatewaySnapshot
  /** The local chain runner, loaded on first use (undefined: AI verification off). */
  recomputer: () => Promise<ChainRecomputer | undefined>
  /**
   * Called when verification flags the orchestrator (the gateway swaps, or warns and keeps
   * streaming when no other orchestrator is eligible). Default: fail the session.
   */
  onFlag?: (session: Parameters<AttachSession>[0], detail: string) => void
  /** Whether a flag is acted on at all. Default: true. */
  swapOnFlag?: boolean
  /** Seconds between AI samples. Default: 10. */
  intervalS?: number
}

/**
 * Builds the per-session verification attachment: AI sessions tap the sent frames (an encoded
 * transform installed before the offer), recompute the chain locally on frames aligned by RTP
 * timestamp and judge the scores (AiVerifier); transcode sessions are checked for resolution and
 * frame rate; a flagged orchestrator goes to `onFlag`.
 */
export function createVerifierAttachment(options: CreateVerifierAttachmentOptions): AttachSession {
  return (session, candidate): SessionAttachment => {
    const spec = session.pipeline as WebPipelineSpec
    const onFlag = (detail: string) => {
      if (!(options.swapOnFlag ?? true)) return
      if (options.onFlag) options.onFlag(session, detail)
      else session.fail('verification-failed', detail)
    }
    if (spec.kind === 'transcode') {
      return new TranscodeVerifier({
        orchestrator: candidate.url,
        spec,
        outputSize: () => options.snapshot().outputSize,
        rates: () => ({
          fpsOut: recentMean(options.metrics, 'fpsOut'),
          fpsIn: recentMean(options.metrics, 'fpsIn'),
        }),
        store: options.store,
        onFlag,
      })
    }
    if (spec.kind !== 'ai') return { close() {} }
    if (!canTapInput() || !canTapOutput()) {
      options.store.setStatus('this browser cannot align sent and returned frames: AI verification off')
      return { close() {} }
    }
    let verifier: AiVerifier | undefined
    let tap: InputTap | undefined
    let closed = false
    // The tap must be on the sender before the offer, to see the first keyframe.
    const offSender = session.events.on('sender', (sender) => {
      tap ??= InputTap.install(sender)
    })
    void options.recomputer().then(
      (recomputer) => {
        if (closed || !recomputer) return
        options.store.setProvider(`${recomputer.runtime.info.runtime} ${recomputer.runtime.info.provider}`)
        const input = {
          collect: (...a: Parameters<InputTap['collect']>) => tap?.collect(...a) ?? Promise.resolve([]),
          get decoding() {
            return tap?.decoding ?? false
          },
          get error() {
            return tap?.error
          },
        }
        verifier = new AiVerifier({
          orchestrator: candidate.url,
          spec: () => options.snapshot().spec,
          input,
          outputTrack: () => session.output?.getVideoTracks()[0],
          recompute: (frame, s) => recomputer.recompute(frame, s),
          store: options.store,
          onFlag,
          paused: () => options.snapshot().loading !== undefined,
          ...(options.intervalS ? { intervalS: options.intervalS } : {}),
        })
      },
      (err: unknown) =>
        options.store.setStatus(`local runtime unavailable: ${err instanceof Error ? err.message : err}`),
    )
    return {
      close() {
        closed = true
        offSender()
        verifier?.close()
        tap?.close()
      },
    }
  }
}
