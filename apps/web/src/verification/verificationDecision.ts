import { SCORE_KINDS } from './frameScores.ts'

/** The outcome of one verification sample. */
export type VerificationSample =
  | {
      kind: 'ai'
      /**
       * The sample's aligned frame pairs: scores (SCORE_KINDS order) and the chain's thresholds
       * for that frame's difficulty (thresholds.ts), same order.
       */
      pairs: ReadonlyArray<{ scores: readonly number[]; thresholds: readonly number[] }>
    }
  | {
      /** The returned frames are not at the size the chain asked for (a cheaper, smaller output). */
      kind: 'ai-resolution'
      expected: { width: number; height: number }
      actual: { width: number; height: number }
    }
  | {
      /**
       * Returned frames labelled within the sampled stretch of the stream arrived, but none carried
       * the timestamp of a frame that was sent.
       */
      kind: 'ai-unaligned'
      returned: number
    }
  | {
      kind: 'transcode'
      expected: { width: number; height: number; fps: number }
      actual: { width: number; height: number; fps: number }
    }

/** Options of {@link VerificationTracker}. */
export type VerificationTrackerOptions = {
  /** Failed samples among the last `window` that flag the orchestrator. Default: 3. */
  failuresToFlag?: number
  /** Samples the decision looks at. Default: 5. */
  window?: number
}

/** What the tracker concluded after a sample. */
export type VerificationVerdict = {
  /** Whether this sample passed. */
  passed: boolean
  /** Why it failed, for the UI (empty when it passed). */
  detail: string
  /** Failed samples among the last `window`. */
  failuresInWindow: number
  /** True once the orchestrator is flagged: the caller should swap (or warn when it cannot). */
  flagged: boolean
}

/**
 * Share of the expected frame rate a transcode rendition must reach. Nodes drop frames under
 * load by design (bounded queues), so only a gross shortfall counts as a failure.
 */
const FPS_TOLERANCE = 1 / 3

/**
 * How far a pair is above its thresholds: the smallest score minus threshold (negative: below),
 * and which score that is. A missing or non-finite score counts as -1.
 */
export function pairMargin(pair: { scores: readonly number[]; thresholds: readonly number[] }): {
  margin: number
  worst: number
} {
  let margin = Number.POSITIVE_INFINITY
  let worst = 0
  pair.thresholds.forEach((t, i) => {
    const s = pair.scores[i]
    const m = s === undefined || !Number.isFinite(s) ? -1 : s - t
    if (m < margin) {
      margin = m
      worst = i
    }
  })
  return { margin, worst }
}

/**
 * Judges one sample alone. An AI sample passes when its median pair is at or above the chain's
 * thresholds on every score (so one odd frame neither fails nor passes a sample by itself).
 * @param sample the measured sample.
 * @returns whether it passed and, if not, why.
 * @example
 * judgeSample({ kind: 'ai', pairs: [{ scores: [0.5, 0.9, 0.95], thresholds: [0.6, 0.8, 0.9] }] })
 * // { passed: false, detail: 'luma score 0.500 < 0.600' }
 */
export function judgeSample(sample: VerificationSample): { passed: boolean; detail: string } {
  if (sample.kind === 'ai') {
    if (sample.pairs.length === 0) return { passed: false, detail: 'no aligned frame pair' }
    const ranked = sample.pairs.map((p) => ({ p, ...pairMargin(p) })).sort((a, b) => a.margin - b.margin)
    // the lower median: with an even count the worse of the two middle pairs decides
    const mid = ranked[(ranked.length - 1) >> 1]!
    if (mid.margin >= 0) return { passed: true, detail: '' }
    const i = mid.worst
    return {
      passed: false,
      detail: `${SCORE_KINDS[i]?.name ?? `#${i}`} score ${(mid.p.scores[i] ?? Number.NaN).toFixed(3)} < ${mid.p.thresholds[i]!.toFixed(3)}`,
    }
  }
  if (sample.kind === 'ai-resolution') {
    const { expected: e, actual: a } = sample
    return { passed: false, detail: `returned ${a.width}x${a.height}, asked ${e.width}x${e.height}` }
  }
  if (sample.kind === 'ai-unaligned') {
    return {
      passed: false,
      detail: `none of ${sample.returned} returned frames carries the timestamp of a sent frame`,
    }
  }
  const { expected, actual } = sample
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return {
      passed: false,
      detail: `resolution ${actual.width}x${actual.height}, expected ${expected.width}x${expected.height}`,
    }
  }
  if (actual.fps < expected.fps * FPS_TOLERANCE) {
    return { passed: false, detail: `frame rate ${actual.fps.toFixed(1)}, expected about ${expected.fps}` }
  }
  return { passed: true, detail: '' }
}

/**
 * Decides on several samples: flags the orchestrator once `failuresToFlag` of the last `window`
 * samples failed (k of n), so one unlucky sample never flags an honest node while a node that
 * keeps failing is flagged after k samples. Inconclusive samples are not recorded at all. Pure.
 *
 * @example
 * const t = new VerificationTracker({ failuresToFlag: 3, window: 5 })
 * t.handleSample(bad).flagged // false (1 of 1)
 */
export class VerificationTracker {
  readonly failuresToFlag: number
  readonly window: number
  #recent: boolean[] = []
  #passed = 0
  #failed = 0

  constructor(options: VerificationTrackerOptions = {}) {
    this.failuresToFlag = options.failuresToFlag ?? 3
    this.window = Math.max(options.window ?? 5, this.failuresToFlag)
  }

  /**
   * Records one sample.
   * @param sample the measured sample.
   * @returns the verdict, `flagged` once the window holds `failuresToFlag` failures.
   */
  handleSample(sample: VerificationSample): VerificationVerdict {
    const { passed, detail } = judgeSample(sample)
    if (passed) this.#passed++
    else this.#failed++
    this.#recent = [...this.#recent, passed].slice(-this.window)
    const failuresInWindow = this.#recent.filter((p) => !p).length
    return { passed, detail, failuresInWindow, flagged: failuresInWindow >= this.failuresToFlag }
  }

  /** Totals since creation. */
  get totals(): { passed: number; failed: number } {
    return { passed: this.#passed, failed: this.#failed }
  }
}
