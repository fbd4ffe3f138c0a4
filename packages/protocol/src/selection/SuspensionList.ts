/** Options of a {@link SuspensionList}. */
export type SuspensionListOptions = {
  /** Suspension length per penalty point, ms. Default: 60000. */
  baseMs?: number
  /** Clock. Default: `Date.now`. */
  now?: () => number
}

type Entry = { penalty: number; until: number }

/**
 * Orchestrators a gateway stopped using for a while (failed, too slow, refused payment). Each
 * suspension adds to the penalty; the suspension lasts penalty × baseMs from now. Expired
 * entries are forgotten. Suspended orchestrators can still fill a shortfall, lowest penalty first
 * (`byPenalty`).
 *
 * @example
 * const suspended = new SuspensionList({ baseMs: 30_000 })
 * suspended.suspend(url) // 30 s; again: 60 s from then
 * suspended.isSuspended(url) // true
 */
export class SuspensionList {
  readonly #entries = new Map<string, Entry>()
  readonly #baseMs: number
  readonly #now: () => number

  constructor(options: SuspensionListOptions = {}) {
    this.#baseMs = options.baseMs ?? 60_000
    this.#now = options.now ?? Date.now
  }

  /**
   * Suspends `url`, adding `penalty` (default 1) to its current penalty.
   * @returns the time (ms) until which it is suspended.
   */
  suspend(url: string, penalty = 1): number {
    this.expire()
    const prev = this.#entries.get(url)?.penalty ?? 0
    const total = prev + Math.max(penalty, 0)
    const until = this.#now() + total * this.#baseMs
    this.#entries.set(url, { penalty: total, until })
    return until
  }

  /** True while `url` is suspended. */
  isSuspended(url: string): boolean {
    const e = this.#entries.get(url)
    if (!e) return false
    if (e.until <= this.#now()) {
      this.#entries.delete(url)
      return false
    }
    return true
  }

  /** Current penalty of `url` (0 when not suspended). */
  penalty(url: string): number {
    return this.isSuspended(url) ? this.#entries.get(url)!.penalty : 0
  }

  /** Lifts the suspension of `url`. */
  unsuspend(url: string): void {
    this.#entries.delete(url)
  }

  /** Drops expired entries. @returns the URLs that expired. */
  expire(): string[] {
    const now = this.#now()
    const gone: string[] = []
    for (const [url, e] of this.#entries)
      if (e.until <= now) {
        this.#entries.delete(url)
        gone.push(url)
      }
    return gone
  }

  /** Currently suspended URLs, lowest penalty first. */
  byPenalty(): string[] {
    this.expire()
    return [...this.#entries]
      .sort((a, b) => a[1].penalty - b[1].penalty || a[1].until - b[1].until)
      .map(([u]) => u)
  }

  /** Number of suspended URLs. */
  get size(): number {
    this.expire()
    return this.#entries.size
  }
}
