import { VIDEO_PROFILES } from '@prism/protocol'
import type { SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import type { VerificationStore } from './VerificationStore.ts'
import { VerificationTracker } from './verificationDecision.ts'

/** Options of {@link TranscodeVerifier}. */
export type TranscodeVerifierOptions = {
  orchestrator: string
  spec: Extract<WebPipelineSpec, { kind: 'transcode' }>
  /** Size of the returned video now. */
  outputSize: () => { width: number; height: number } | undefined
  /** Output and input frame rates now (fps). */
  rates: () => { fpsOut: number | undefined; fpsIn: number | undefined }
  store: VerificationStore
  onFlag: (detail: string) => void
  /** Seconds between samples. Default: 5. */
  intervalS?: number
  /** Seconds after start before the first sample (the encoder ramps up). Default: 10. */
  firstDelayS?: number
  /** Consecutive failures that flag. Default: 3. */
  failuresToFlag?: number
}

/**
 * Verifies a transcode session: the returned rendition has the profile's resolution and a frame
 * rate close to the profile's (or the input's, when the camera is slower).
 */
export class TranscodeVerifier implements SessionAttachment {
  #o: TranscodeVerifierOptions
  #tracker: VerificationTracker
  #timer: ReturnType<typeof setInterval> | undefined
  #start: ReturnType<typeof setTimeout>

  constructor(options: TranscodeVerifierOptions) {
    this.#o = options
    const n = options.failuresToFlag ?? 3
    this.#tracker = new VerificationTracker({ failuresToFlag: n, window: n })
    this.#start = setTimeout(
      () => {
        this.#sample()
        this.#timer = setInterval(() => this.#sample(), (options.intervalS ?? 5) * 1000)
      },
      (options.firstDelayS ?? 10) * 1000,
    )
  }

  close(): void {
    clearTimeout(this.#start)
    if (this.#timer) clearInterval(this.#timer)
  }

  #sample() {
    const o = this.#o
    const profileName = o.spec.returnProfile ?? o.spec.profiles[0]
    const profile = profileName ? VIDEO_PROFILES[profileName] : undefined
    const size = o.outputSize()
    const { fpsOut, fpsIn } = o.rates()
    if (!profile || !size || fpsOut === undefined) return
    const expectedFps = Math.min(profile.fps, fpsIn && fpsIn > 0 ? fpsIn : profile.fps)
    const verdict = this.#tracker.handleSample({
      kind: 'transcode',
      expected: { width: profile.width, height: profile.height, fps: expectedFps },
      actual: { width: size.width, height: size.height, fps: fpsOut },
    })
    o.store.add({
      at: Date.now(),
      orchestrator: o.orchestrator,
      kind: 'transcode',
      passed: verdict.passed,
      detail: verdict.passed ? `${size.width}x${size.height} at ${fpsOut.toFixed(1)} fps` : verdict.detail,
      flagged: verdict.flagged,
    })
    if (verdict.flagged) o.onFlag(verdict.detail)
  }
}
