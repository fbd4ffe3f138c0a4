/** Options of {@link OutputWatchdog}. */
export type OutputWatchdogOptions = {
  /** Milliseconds without an output frame after which output counts as stalled. Default: 4000. */
  stallMs?: number
  /** Milliseconds allowed for the first frame after start. Default: 15_000 (models may load). */
  firstFrameMs?: number
}

/**
 * Tells when no output frame arrived for a few seconds. Pure: fed by `handleFrame(now)` and asked
 * with `isStalled(now)`.
 *
 * @example
 * const dog = new OutputWatchdog({ stallMs: 4000 })
 * dog.start(0); dog.handleFrame(100); dog.isStalled(5000) // true
 */
export class OutputWatchdog {
  readonly stallMs: number
  readonly firstFrameMs: number
  #startedAt: number | undefined
  #lastFrameAt: number | undefined

  constructor(options: OutputWatchdogOptions = {}) {
    this.stallMs = options.stallMs ?? 4000
    this.firstFrameMs = options.firstFrameMs ?? 15_000
  }

  /** Arms the watchdog. @param now the clock in milliseconds. */
  start(now: number): void {
    this.#startedAt = now
    this.#lastFrameAt = undefined
  }

  /** Records an output frame. @param now the clock in milliseconds. */
  handleFrame(now: number): void {
    this.#lastFrameAt = now
  }

  /** Time of the last frame, if any arrived since start. */
  get lastFrameAt(): number | undefined {
    return this.#lastFrameAt
  }

  /**
   * Whether output is stalled.
   * @param now the clock in milliseconds.
   * @returns false before start; after start, true once the first frame or a later one is overdue.
   */
  isStalled(now: number): boolean {
    if (this.#startedAt === undefined) return false
    if (this.#lastFrameAt === undefined) return now - this.#startedAt > this.firstFrameMs
    return now - this.#lastFrameAt > this.stallMs
  }
}
