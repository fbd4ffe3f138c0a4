/** Options of {@link VerificationTracker}. */
export type VerificationTrackerOptions = {
  /** SSIM under which one sample fails. Default: 0.9. */
  ssimThreshold?: number
  /** Consecutive failed samples that flag the orchestrator and ask for a swap. Default: 2. */
  failuresToSwap?: number
}

/** The outcome of one verification sample. */
export type VerificationSample =
  | { kind: 'ai'; ssim: number }
  | {
      kind: 'transcode'
      expected: { width: number; height: number; fps: number }
      actual: { width: number; height: number; fps: number }
    }

/** What the tracker concluded after a sample. */
export type VerificationVerdict = {
  /** Whether this sample passed. */
  passed: boolean
  /** Why it failed, for the UI (empty when it passed). */
  detail: string
  /** Consecutive failures so far. */
  consecutiveFailures: number
  /** True once the orchestrator is flagged: the caller should swap. */
  flagged: boolean
}

/**
 * Share of the expected frame rate a transcode rendition must reach. Nodes drop frames under
 * load by design (bounded queues), so only a gross shortfall counts as a failure.
 */
const FPS_TOLERANCE = 1 / 3

/**
 * Judges one sample alone.
 * @param sample the measured sample.
 * @param ssimThreshold SSIM under which an AI sample fails.
 * @returns whether it passed and, if not, why.
 * @example
 * judgeSample({ kind: 'ai', ssim: 0.5 }, 0.9) // { passed: false, detail: 'SSIM 0.500 < 0.900' }
 */
export function judgeSample(
  sample: VerificationSample,
  ssimThreshold: number,
): { passed: boolean; detail: string } {
  if (sample.kind === 'ai') {
    if (!Number.isFinite(sample.ssim) || sample.ssim < ssimThreshold) {
      return { passed: false, detail: `SSIM ${sample.ssim.toFixed(3)} < ${ssimThreshold.toFixed(3)}` }
    }
    return { passed: true, detail: '' }
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
 * Counts verification samples of one orchestrator and flags it after `failuresToSwap`
 * consecutive failures. Pure.
 *
 * @example
 * const t = new VerificationTracker({ ssimThreshold: 0.9, failuresToSwap: 2 })
 * t.handleSample({ kind: 'ai', ssim: 0.2 }).flagged // false
 * t.handleSample({ kind: 'ai', ssim: 0.2 }).flagged // true
 */
export class VerificationTracker {
  readonly ssimThreshold: number
  readonly failuresToSwap: number
  #consecutive = 0
  #passed = 0
  #failed = 0

  constructor(options: VerificationTrackerOptions = {}) {
    this.ssimThreshold = options.ssimThreshold ?? 0.9
    this.failuresToSwap = options.failuresToSwap ?? 2
  }

  /**
   * Records one sample.
   * @param sample the measured sample.
   * @returns the verdict, with `flagged` true once failures reached `failuresToSwap`.
   */
  handleSample(sample: VerificationSample): VerificationVerdict {
    const { passed, detail } = judgeSample(sample, this.ssimThreshold)
    if (passed) {
      this.#consecutive = 0
      this.#passed += 1
    } else {
      this.#consecutive += 1
      this.#failed += 1
    }
    return {
      passed,
      detail,
      consecutiveFailures: this.#consecutive,
      flagged: this.#consecutive >= this.failuresToSwap,
    }
  }

  /** Totals since creation. */
  get totals(): { passed: number; failed: number } {
    return { passed: this.#passed, failed: this.#failed }
  }
}
