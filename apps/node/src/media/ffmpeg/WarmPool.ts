/**
 * Keeps one process started ahead for each recent key (a command line, a ladder), so that the
 * next piece of work finds its process already loaded and waiting: the start-up (about a third of
 * a 2 s segment's transcode on a small machine) overlaps the previous piece instead of delaying
 * this one. {@link WarmPool.close} kills the waiting ones.
 */

/** Processes a pool can keep ahead. */
export type Warmable = {
  /** True while it waits for its first work (started, not used, not exited). */
  readonly ready: boolean
  /** Kills it. Idempotent. */
  kill(): void
}

/** Keys kept warm at once by default (the oldest waiting process is killed past this). */
export const WARM_KEYS = 4

/**
 * One process started ahead per key.
 *
 * @example
 * const pool = new WarmPool<PipedFfmpegJob>()
 * const job = pool.take(key, () => new PipedFfmpegJob(args, 2)) // started earlier for the same key
 * pool.close()
 */
export class WarmPool<T extends Warmable> {
  private readonly idle = new Map<string, T>()
  private closed = false

  constructor(private readonly max = WARM_KEYS) {}

  /**
   * The process started ahead for `key` if it is still waiting, else a new one from `start`;
   * another is started ahead for the next call with the same key (until the pool is closed).
   */
  take(key: string, start: () => T): T {
    const warm = this.idle.get(key)
    this.idle.delete(key)
    const taken = warm?.ready ? warm : start()
    if (warm && warm !== taken) warm.kill()
    if (!this.closed) {
      this.idle.set(key, start())
      for (const [oldest, p] of this.idle) {
        if (this.idle.size <= this.max) break
        p.kill()
        this.idle.delete(oldest)
      }
    }
    return taken
  }

  /** Kills the waiting processes; later `take`s start theirs without keeping any ahead. Idempotent. */
  close(): void {
    this.closed = true
    for (const p of this.idle.values()) p.kill()
    this.idle.clear()
  }
}
