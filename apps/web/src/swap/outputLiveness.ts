/** Options of {@link OutputLiveness}. */
export type OutputLivenessOptions = {
  /** Frame intervals of silence after which the orchestrator is suspect. Default: 6. */
  intervals?: number
  /** Floor of that silence, ms (a 60 fps stream is not suspect after 100 ms). Default: 250. */
  minSuspectMs?: number
  /** Ceiling of that silence, ms (a 1 fps stream is suspect after a second). Default: 1000. */
  maxSuspectMs?: number
  /** Least time between two reachability probes, ms. Default: 1000. */
  reprobeMs?: number
}

/** What {@link OutputLiveness.next} asks the caller to do. */
export type LivenessAction =
  | { kind: 'none' }
  /** Check whether the orchestrator still answers (e.g. GET /healthz); report with `handleProbe`. */
  | { kind: 'probe' }
  /** The orchestrator is gone: leave it now. */
  | { kind: 'dead'; detail: string }

/** Weight of the newest frame interval in the running mean. */
const EWMA = 0.1

/**
 * Tells within a fraction of a second that the orchestrator serving a live stream died, without
 * false alarms on a slow but living node. Output frames arrive every `1 / fps` seconds: a silence
 * of a few frame intervals (tuned to the measured frame rate, 250 ms at 30 fps) or the transport
 * saying `disconnected` makes the node *suspect*, and the caller probes it (one HTTP request);
 * only a node that is both silent and unreachable (connection refused, no answer) is *dead*. A
 * node that answers stays in place (the slower no-output watchdog still covers a living node that
 * stopped sending). Pure: fed with the clock.
 *
 * @example
 * const l = new OutputLiveness()
 * l.handleFrame(0); l.handleFrame(33)
 * l.next(400) // { kind: 'probe' }
 * l.handleProbe(410, false, 'connection refused')
 * l.next(420) // { kind: 'dead', detail: 'unreachable (connection refused) after 387 ms without output' }
 */
export class OutputLiveness {
  readonly intervals: number
  readonly minSuspectMs: number
  readonly maxSuspectMs: number
  readonly reprobeMs: number
  #lastFrameAt: number | undefined
  #intervalMs: number | undefined
  #disconnected = false
  #paused = false
  #probing = false
  #probedAt: number | undefined
  #unreachable: string | undefined

  constructor(options: OutputLivenessOptions = {}) {
    this.intervals = options.intervals ?? 6
    this.minSuspectMs = options.minSuspectMs ?? 250
    this.maxSuspectMs = options.maxSuspectMs ?? 1000
    this.reprobeMs = options.reprobeMs ?? 1000
  }

  /** Silence after which the orchestrator is suspect, ms: a few frame intervals, clamped. */
  get suspectAfterMs(): number {
    const interval = this.#intervalMs ?? this.maxSuspectMs
    return Math.min(this.maxSuspectMs, Math.max(this.minSuspectMs, this.intervals * interval))
  }

  /** Time of the last output frame (or RTP packet of a new frame), if any. */
  get lastFrameAt(): number | undefined {
    return this.#lastFrameAt
  }

  /** An output frame arrived. @param now the clock in milliseconds. */
  handleFrame(now: number): void {
    const last = this.#lastFrameAt
    if (last !== undefined && now > last) {
      const interval = now - last
      this.#intervalMs =
        this.#intervalMs === undefined ? interval : this.#intervalMs + EWMA * (interval - this.#intervalMs)
    }
    this.#lastFrameAt = now
    this.#unreachable = undefined
  }

  /** The transport's state: `disconnected` makes the node suspect at once; `connected` clears it. */
  handleTransport(state: string): void {
    this.#disconnected = state === 'disconnected'
  }

  /** While paused (a model loads on the node) silence raises no suspicion. */
  setPaused(paused: boolean): void {
    this.#paused = paused
  }

  /**
   * The outcome of the probe asked by `next`.
   * @param now the clock in milliseconds.
   * @param reachable whether the orchestrator answered.
   * @param detail why not (e.g. `connection refused`).
   */
  handleProbe(now: number, reachable: boolean, detail = 'no answer'): void {
    this.#probing = false
    this.#probedAt = now
    this.#unreachable = reachable ? undefined : detail
  }

  /**
   * What to do now.
   * @param now the clock in milliseconds.
   * @returns `none`; `probe` (once per `reprobeMs` while suspect); `dead` once suspect and unreachable.
   */
  next(now: number): LivenessAction {
    if (this.#lastFrameAt === undefined || this.#paused) return { kind: 'none' }
    const silentMs = now - this.#lastFrameAt
    const suspect = this.#disconnected || silentMs > this.suspectAfterMs
    if (!suspect) return { kind: 'none' }
    if (this.#unreachable !== undefined)
      return {
        kind: 'dead',
        detail: `unreachable (${this.#unreachable}) after ${Math.round(silentMs)} ms without output`,
      }
    if (this.#probing || (this.#probedAt !== undefined && now - this.#probedAt < this.reprobeMs))
      return { kind: 'none' }
    this.#probing = true
    return { kind: 'probe' }
  }
}
