/**
 * FailureLimiter: token buckets of failed payments, one per key (`addr:<ip>`, `sender:<0x…>`).
 * Each failure takes a token; a bucket refills at `perSecond` up to `burst`; while any of a
 * payment's buckets is empty the payment is refused unread. Full buckets are forgotten, and at most
 * `maxKeys` are kept (the fullest go first), so memory stays bounded whatever the keys.
 */

/** Options of {@link FailureLimiter}. */
export type FailureLimiterOptions = {
  /** Failures a key may have in a row before it is limited. Default: 20. */
  burst?: number
  /** Tokens regained per second. Default: 1. */
  perSecond?: number
  /** Most keys remembered. Default: 10000. */
  maxKeys?: number
  /** Milliseconds clock. Default: Date. */
  clock?: { now(): number }
}

type Bucket = { tokens: number; at: number }

/**
 * Per-key budget of failures.
 *
 * @example
 * const limiter = new FailureLimiter({ burst: 20, perSecond: 1 })
 * const limited = limiter.limited(['addr:10.0.0.1', 'sender:0xab…'])
 * if (!limited) { const ok = await process(); if (!ok) limiter.fail(['addr:10.0.0.1']) }
 */
export class FailureLimiter {
  readonly #burst: number
  readonly #perMs: number
  readonly #maxKeys: number
  readonly #clock: { now(): number }
  readonly #buckets = new Map<string, Bucket>()

  constructor(options: FailureLimiterOptions = {}) {
    this.#burst = Math.max(1, options.burst ?? 20)
    this.#perMs = Math.max(0, options.perSecond ?? 1) / 1000
    this.#maxKeys = Math.max(1, options.maxKeys ?? 10_000)
    this.#clock = options.clock ?? Date
  }

  /** The first key whose bucket is empty, or undefined when none is. */
  limited(keys: readonly string[]): string | undefined {
    return keys.find((k) => this.#tokens(k) < 1)
  }

  /** Takes one token from each key's bucket. */
  fail(keys: readonly string[]): void {
    const now = this.#clock.now()
    for (const k of keys) {
      const tokens = this.#tokens(k)
      this.#buckets.delete(k) // re-insert: the map's order is the order of last failure
      this.#buckets.set(k, { tokens: Math.max(0, tokens - 1), at: now })
    }
    this.#trim()
  }

  /** Keys remembered (not full). */
  get size(): number {
    return this.#buckets.size
  }

  #tokens(key: string): number {
    const b = this.#buckets.get(key)
    if (!b) return this.#burst
    const tokens = Math.min(this.#burst, b.tokens + (this.#clock.now() - b.at) * this.#perMs)
    if (tokens >= this.#burst) this.#buckets.delete(key)
    return tokens
  }

  #trim(): void {
    if (this.#buckets.size <= this.#maxKeys) return
    // Full buckets first, then the least recently failed.
    for (const k of [...this.#buckets.keys()]) if (this.#tokens(k) >= this.#burst) this.#buckets.delete(k)
    for (const k of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxKeys) break
      this.#buckets.delete(k)
    }
  }
}
