import type { SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { alignFrames, countWithin, median } from './alignFrames.ts'
import type { CapturedFrame } from './captureFrame.ts'
import { frameDifficulty, frameScores, SCORE_KINDS } from './frameScores.ts'
import type { InputTap } from './InputTap.ts'
import { captureReturned } from './OutputTap.ts'
import { i420ToRgb24, scaleI420ToRgb24 } from './scaleI420.ts'
import { chainThresholds } from './thresholds.ts'
import type { VerificationStore } from './VerificationStore.ts'
import { type VerificationSample, VerificationTracker } from './verificationDecision.ts'

type AiSpec = Extract<WebPipelineSpec, { kind: 'ai' }>

/** Recomputes the AI chain on one frame locally; returns RGB24 at the same size. */
export type RecomputeChain = (frame: CapturedFrame, spec: AiSpec) => Promise<Uint8Array>

/** Options of {@link AiVerifier}. */
export type AiVerifierOptions = {
  orchestrator: string
  /** The current spec (params change live). */
  spec: () => WebPipelineSpec | undefined
  /** Decoded sent frames with their RTP timestamps. */
  input: Pick<InputTap, 'collect' | 'decoding' | 'error'>
  /** The returned video track, once it arrived. */
  outputTrack: () => MediaStreamTrack | undefined
  /** Reads returned frames with their RTP timestamps. Default: {@link captureReturned}. */
  capture?: typeof captureReturned
  recompute: RecomputeChain
  store: VerificationStore
  /** Called once when the tracker flags the orchestrator. */
  onFlag: (detail: string) => void
  /** Seconds between samples. Default: 10. */
  intervalS?: number
  /** Seconds after start before the first sample (models load, stream settles). Default: 8. */
  firstDelayS?: number
  /** Failed samples among the last `window` that flag. Default: 3 of 5. */
  failuresToFlag?: number
  window?: number
  /** Skips a sample while this returns true (e.g. a model switch is loading). */
  paused?: () => boolean
}

/** Sent frames decoded per sample (about 1.5 s of camera). */
const SENT_FRAMES = 30
const SENT_MS = 1500
/** Time given to the stream after a chain change before samples resume. */
const SETTLE_MS = 4000
/** Aligned pairs compared per sample. */
const PAIRS = 5
/** Returned frames kept per sample (some may be of frames sent but not decoded in the window). */
const RETURNED_KEPT = 8
/** How long returned frames are awaited (a loaded CPU node may take seconds per frame). */
const RETURN_MS = 8000
/** A sample with fewer returned frames than this within the sampled stretch, none aligned, is inconclusive. */
const MIN_RETURNED_FOR_UNALIGNED = 3

/**
 * Verifies an AI session on exactly aligned frames: every N seconds it takes about 1.5 s of the
 * frames the browser sent, decoded from the very bytes sent (InputTap), and the returned frames
 * labelled with the same RTP timestamps (the orchestrator carries each input frame's timestamp
 * to the frame it computed), recomputes the chain locally on up to 5 sent frames and scores each
 * returned frame against its recomputation at three scales (frameScores). The sample's scores
 * (medians over the pairs) are judged against the chain's calibrated thresholds (thresholds.ts);
 * a {@link VerificationTracker} flags the node after 3 failed samples of the last 5.
 */
export class AiVerifier implements SessionAttachment {
  #o: AiVerifierOptions
  #tracker: VerificationTracker
  #timer: ReturnType<typeof setTimeout> | undefined
  #closed = false
  /** The chain of the last sample, and until when samples wait after it changed. */
  #specKey: string
  #settleUntil = 0
  #flagged = false

  constructor(options: AiVerifierOptions) {
    this.#o = options
    this.#tracker = new VerificationTracker({
      failuresToFlag: options.failuresToFlag ?? 3,
      window: options.window ?? 5,
    })
    this.#specKey = JSON.stringify(options.spec())
    this.#schedule((options.firstDelayS ?? 8) * 1000)
  }

  close(): void {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
  }

  #schedule(ms: number) {
    if (this.#closed) return
    this.#timer = setTimeout(
      () =>
        void this.#sample()
          .catch((err: unknown) =>
            this.#o.store.setStatus(
              `verification sample failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
            ),
          )
          .finally(() => {
            const interval = (this.#o.intervalS ?? 10) * 1000
            const settle = this.#settleUntil - performance.now()
            this.#schedule(settle > 0 ? Math.min(interval, settle + 100) : interval)
          }),
      ms,
    )
  }

  async #sample(): Promise<void> {
    const o = this.#o
    const spec = o.spec()
    const track = o.outputTrack()
    if (this.#closed || !spec || spec.kind !== 'ai' || !track) return
    // After a chain change (and while a model loads) the return encoder meets a new picture and
    // needs a moment to adapt its quality: samples wait SETTLE_MS from when the change was seen.
    const specKey = JSON.stringify(spec)
    const now = performance.now()
    if (o.paused?.() || specKey !== this.#specKey) {
      this.#specKey = specKey
      this.#settleUntil = now + SETTLE_MS
    }
    if (now < this.#settleUntil) {
      o.store.setStatus('waiting for the stream to settle after a chain change')
      return
    }
    if (!o.input.decoding) {
      o.store.setStatus(
        o.input.error
          ? `cannot decode the sent video: ${o.input.error}`
          : 'waiting for a keyframe of the sent video',
      )
      return
    }
    o.store.setStatus('sampling frames')
    const wanted = new Set<number>()
    const capture = o.capture ?? captureReturned
    const returnedP = capture(track, (ts) => wanted.has(ts), {
      count: RETURNED_KEPT,
      ms: RETURN_MS,
      closed: () => this.#closed,
    })
    // Timestamps are wanted from the moment their frame is sent (a fast node answers before the
    // tap has decoded it); once collected, only those of decoded frames stay wanted.
    const sent = await o.input.collect(SENT_FRAMES, SENT_MS, (ts) => wanted.add(ts))
    const decoded = new Set(sent.map((f) => f.ts))
    for (const ts of wanted) if (!decoded.has(ts)) wanted.delete(ts)
    const returned = await returnedP
    // A changed chain or parameter during the sample makes it inconclusive.
    if (this.#closed || o.paused?.() || JSON.stringify(o.spec()) !== specKey)
      return o.store.setStatus('inconclusive sample: the chain changed meanwhile')
    // A node that returns a smaller picture than the chain asked for is not doing the work.
    const odd = returned.frames.find((f) => f.width !== spec.width || f.height !== spec.height)
    if (odd) {
      const actual = { width: odd.width, height: odd.height }
      const expected = { width: spec.width, height: spec.height }
      return this.#record(spec, { kind: 'ai-resolution', expected, actual }, undefined, 0, 0)
    }
    // each pair needs the frame sent just before its own (the motion part of its difficulty)
    const { pairs } = alignFrames(sent.slice(1), returned.frames, PAIRS)
    if (pairs.length === 0) {
      // Only frames labelled within the sampled stretch prove anything: a loaded node may return
      // the sampled frames later than the sample waits, or drop them all.
      const within = countWithin(returned.timestamps, sent)
      if (within >= MIN_RETURNED_FOR_UNALIGNED)
        this.#record(spec, { kind: 'ai-unaligned', returned: within }, undefined, 0, 0)
      else
        o.store.setStatus(
          `inconclusive sample: ${sent.length} sent frames, ${returned.seen} returned (${within} labelled within the sent ones), none aligned`,
        )
      return
    }
    o.store.setStatus('recomputing locally')
    const started = performance.now()
    const models = spec.stages.map((s) => s.model)
    const judged: Array<{ scores: number[]; thresholds: number[] }> = []
    for (const p of pairs) {
      const input = scaleI420ToRgb24(p.sent, spec.width, spec.height)
      const previous = scaleI420ToRgb24(sent[sent.indexOf(p.sent) - 1]!, spec.width, spec.height)
      const local = await o.recompute({ data: input, width: spec.width, height: spec.height, at: 0 }, spec)
      if (this.#closed) return
      const difficulty = frameDifficulty(local, spec.width, spec.height, { input, previous })
      const thresholds = chainThresholds(models, difficulty)
      // a frame harder than any calibrated one proves nothing either way
      if (thresholds)
        judged.push({
          scores: frameScores(local, i420ToRgb24(p.returned), spec.width, spec.height),
          thresholds,
        })
    }
    if (judged.length === 0) {
      o.store.setStatus('inconclusive sample: frames harder than the calibrated range')
      return
    }
    const scores = SCORE_KINDS.map((_, i) => median(judged.map((s) => s.scores[i]!)))
    this.#record(spec, { kind: 'ai', pairs: judged }, scores, judged.length, performance.now() - started)
  }

  #record(
    spec: AiSpec,
    sample: VerificationSample,
    scores: number[] | undefined,
    pairs: number,
    computeMs: number,
  ) {
    const o = this.#o
    const verdict = this.#tracker.handleSample(sample)
    const flagNow = verdict.flagged && !this.#flagged
    if (verdict.flagged) this.#flagged = true
    o.store.add({
      at: Date.now(),
      orchestrator: o.orchestrator,
      kind: 'ai',
      passed: verdict.passed,
      ...(scores ? { ssim: scores[0]!, scores } : {}),
      pairs,
      chain: spec.stages.map((s) => s.model).join(' > '),
      detail: verdict.detail,
      flagged: verdict.flagged,
      computeMs,
    })
    o.store.setStatus('idle')
    if (flagNow)
      o.onFlag(
        `${verdict.failuresInWindow} of the last ${this.#tracker.window} samples failed (${verdict.detail})`,
      )
  }
}
