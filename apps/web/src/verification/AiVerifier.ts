import type { SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { type CapturedFrame, captureFrame } from './captureFrame.ts'
import type { VerificationStore } from './VerificationStore.ts'
import { VerificationTracker } from './verificationDecision.ts'

/** Recomputes the AI chain on one frame locally; returns RGB24 at the same size. */
export type RecomputeChain = (
  frame: CapturedFrame,
  spec: Extract<WebPipelineSpec, { kind: 'ai' }>,
) => Promise<Uint8Array>

/** SSIM of two RGB24 frames of the same size (the `ssim` of @prism/gpu). */
export type SsimFn = (a: { data: Uint8Array; width: number; height: number }, b: typeof a) => number

/** Options of {@link AiVerifier}. */
export type AiVerifierOptions = {
  orchestrator: string
  /** The current spec (params change live). */
  spec: () => WebPipelineSpec | undefined
  inputVideo: () => HTMLVideoElement | null
  outputVideo: () => HTMLVideoElement | null
  recompute: RecomputeChain
  ssim: SsimFn
  store: VerificationStore
  /** Called when the tracker flags the orchestrator. */
  onFlag: (detail: string) => void
  /** Seconds between samples. Default: 10. */
  intervalS?: number
  /** Seconds after start before the first sample (models load, stream settles). Default: 8. */
  firstDelayS?: number
  /** SSIM threshold. Default: 0.8 (codec loss and scaler differences stay above it: 0.96–0.99 measured). */
  ssimThreshold?: number
  /** Consecutive failures that flag. Default: 2. */
  failuresToSwap?: number
  /** Skips a sample while this returns true (e.g. a model switch is loading). */
  paused?: () => boolean
}

const FRAMES = 6
const FRAME_GAP_MS = 150

/**
 * Verifies an AI session: every N seconds it captures a burst of sent frames then a burst of
 * returned frames, recomputes the chain locally on the sent ones, and takes the best SSIM
 * between any returned frame and any recomputed one (the node's latency is unknown, so the
 * bursts cover it). Results go to a {@link VerificationTracker}; a flag calls `onFlag`.
 */
export class AiVerifier implements SessionAttachment {
  #o: AiVerifierOptions
  #tracker: VerificationTracker
  #timer: ReturnType<typeof setTimeout> | undefined
  #closed = false
  #canvas = document.createElement('canvas')

  constructor(options: AiVerifierOptions) {
    this.#o = options
    this.#tracker = new VerificationTracker({
      ssimThreshold: options.ssimThreshold ?? 0.8,
      failuresToSwap: options.failuresToSwap ?? 2,
    })
    this.#schedule((options.firstDelayS ?? 8) * 1000)
  }

  close(): void {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
  }

  #schedule(ms: number) {
    if (this.#closed) return
    this.#timer = setTimeout(
      () => void this.#sample().finally(() => this.#schedule((this.#o.intervalS ?? 10) * 1000)),
      ms,
    )
  }

  async #burst(video: () => HTMLVideoElement | null, w: number, h: number): Promise<CapturedFrame[]> {
    const frames: CapturedFrame[] = []
    for (let i = 0; i < FRAMES && !this.#closed; i++) {
      const v = video()
      const f = v ? captureFrame(v, w, h, this.#canvas) : undefined
      if (f) frames.push(f)
      await new Promise((r) => setTimeout(r, FRAME_GAP_MS))
    }
    return frames
  }

  async #sample(): Promise<void> {
    const o = this.#o
    const spec = o.spec()
    if (this.#closed || !spec || spec.kind !== 'ai' || o.paused?.()) return
    o.store.setStatus('sampling frames')
    const sent = await this.#burst(o.inputVideo, spec.width, spec.height)
    const returned = await this.#burst(o.outputVideo, spec.width, spec.height)
    if (this.#closed || sent.length === 0 || returned.length === 0 || o.paused?.()) return
    o.store.setStatus('recomputing locally')
    const started = performance.now()
    let best = -1
    try {
      for (const f of sent) {
        const local = { data: await o.recompute(f, spec), width: spec.width, height: spec.height }
        for (const r of returned) best = Math.max(best, o.ssim(local, r))
        if (this.#closed) return
      }
    } catch (err) {
      o.store.setStatus(
        `local recomputation failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      )
      return
    }
    const computeMs = performance.now() - started
    const verdict = this.#tracker.handleSample({ kind: 'ai', ssim: best })
    o.store.add({
      at: Date.now(),
      orchestrator: o.orchestrator,
      kind: 'ai',
      passed: verdict.passed,
      ssim: best,
      detail: verdict.detail,
      flagged: verdict.flagged,
      computeMs,
    })
    o.store.setStatus('idle')
    if (verdict.flagged) o.onFlag(`${verdict.consecutiveFailures} failed samples (${verdict.detail})`)
  }
}
