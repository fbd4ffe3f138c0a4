/** Why the app leaves an orchestrator. Shown to the user as is (see {@link describeSwapReason}). */
export type SwapReason =
  | 'peer-failed'
  | 'no-output'
  | 'node-error'
  | 'verification-failed'
  | 'payment-refused'

/** Options of {@link SwapPolicy}. */
export type SwapPolicyOptions = {
  /** Most swaps allowed inside one window. Default: 2 (go-livepeer live AI: 2 within 3 min). */
  maxSwaps?: number
  /** Length of the window in milliseconds. Default: 180_000. */
  windowMs?: number
}

/** What {@link SwapPolicy.handleFailure} decided. */
export type SwapDecision =
  | { kind: 'swap'; reason: SwapReason; swapsInWindow: number }
  | { kind: 'give-up'; reason: SwapReason; swapsInWindow: number }

/**
 * Limits how often a live session swaps orchestrators: at most `maxSwaps` inside any `windowMs`.
 * Pure: the caller passes the clock.
 *
 * @example
 * const policy = new SwapPolicy({ maxSwaps: 2, windowMs: 180_000 })
 * policy.handleFailure('no-output', Date.now()) // { kind: 'swap', ... }
 */
export class SwapPolicy {
  readonly maxSwaps: number
  readonly windowMs: number
  #swaps: number[] = []

  constructor(options: SwapPolicyOptions = {}) {
    this.maxSwaps = options.maxSwaps ?? 2
    this.windowMs = options.windowMs ?? 180_000
  }

  /**
   * Records a failure of the current orchestrator and says whether to swap.
   * @param reason why the current orchestrator failed.
   * @param now the clock in milliseconds.
   * @returns `swap` while the window allows it, else `give-up`.
   */
  handleFailure(reason: SwapReason, now: number): SwapDecision {
    this.#swaps = this.#swaps.filter((t) => now - t < this.windowMs)
    if (this.#swaps.length >= this.maxSwaps) {
      return { kind: 'give-up', reason, swapsInWindow: this.#swaps.length }
    }
    this.#swaps.push(now)
    return { kind: 'swap', reason, swapsInWindow: this.#swaps.length }
  }

  /**
   * Whether a failure now would be answered with a swap (no state change).
   * @param now the clock in milliseconds.
   */
  canSwap(now: number): boolean {
    return this.#swaps.filter((t) => now - t < this.windowMs).length < this.maxSwaps
  }

  /** Forgets past swaps (a new session started by the user). */
  reset(): void {
    this.#swaps = []
  }
}

/**
 * Picks the next orchestrator to try: the first of the ranked list that is eligible and was not
 * tried yet in this session.
 * @param ranked candidates in rank order (best first).
 * @param tried urls already used by this session (the failed one included).
 * @returns the next candidate, or undefined when none is left.
 * @example
 * pickNextOrchestrator([{ url: 'a', eligible: true }], new Set(['a'])) // undefined
 */
export function pickNextOrchestrator<T extends { url: string; eligible: boolean }>(
  ranked: readonly T[],
  tried: ReadonlySet<string>,
): T | undefined {
  return ranked.find((c) => c.eligible && !tried.has(c.url))
}

/**
 * A sentence for the UI saying why the app swapped.
 * @param reason the swap reason.
 * @returns a short human sentence.
 * @example
 * describeSwapReason('no-output') // 'no output frame arrived for a few seconds'
 */
export function describeSwapReason(reason: SwapReason): string {
  switch (reason) {
    case 'peer-failed':
      return 'the peer connection failed'
    case 'no-output':
      return 'no output frame arrived for a few seconds'
    case 'node-error':
      return 'the orchestrator reported an error'
    case 'verification-failed':
      return 'verification failed: returned frames do not match the local recomputation'
    case 'payment-refused':
      return 'payment was refused (price or ticket params not acceptable)'
  }
}
