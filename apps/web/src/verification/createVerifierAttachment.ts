import { ssim } from '@prism/gpu'
import type { MetricsStore } from '../metrics/MetricsStore.ts'
import type { AttachSession, GatewaySnapshot, SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { AiVerifier } from './AiVerifier.ts'
import type { ChainRecomputer } from './ChainRecomputer.ts'
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
  /** Whether a flag swaps the orchestrator. Default: true. */
  swapOnFlag?: boolean
  /** Seconds between AI samples. Default: 10. */
  intervalS?: number
}

/**
 * Builds the per-session verification attachment: AI sessions are recomputed locally and compared
 * with SSIM; transcode sessions are checked for resolution and frame rate; a flagged orchestrator
 * is failed with `verification-failed`, which makes the gateway swap.
 */
export function createVerifierAttachment(options: CreateVerifierAttachmentOptions): AttachSession {
  return (session, candidate): SessionAttachment => {
    const spec = session.pipeline as WebPipelineSpec
    const onFlag = (detail: string) => {
      if (options.swapOnFlag ?? true) session.fail('verification-failed', detail)
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
    let verifier: AiVerifier | undefined
    let closed = false
    void options.recomputer().then(
      (recomputer) => {
        if (closed || !recomputer) return
        options.store.setProvider(`${recomputer.runtime.info.runtime} ${recomputer.runtime.info.provider}`)
        verifier = new AiVerifier({
          orchestrator: candidate.url,
          spec: () => options.snapshot().spec,
          inputVideo: () => document.querySelector<HTMLVideoElement>('[data-testid="input-video"]'),
          outputVideo: () => document.querySelector<HTMLVideoElement>('[data-testid="output-video"]'),
          recompute: (frame, s) => recomputer.recompute(frame, s),
          ssim,
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
        verifier?.close()
      },
    }
  }
}
