/**
 * The gateway's orchestrator pool: the configured (`-orchAddr`) and discovered service URIs in
 * preference order, with suspension of failing ones (docs/protocol.md §6.3 policy: a suspended
 * orchestrator sits out `penalty` segments, then returns at the back of the order).
 */

/** One orchestrator as the pool knows it. */
export type PoolEntry = {
  /** Service URI, e.g. `https://127.0.0.1:8935`. */
  uri: string
  /** Segments (by the pool's clock) until which it is suspended. */
  suspendedUntil: number
  /** Failures seen. */
  failures: number
}

/** Options of {@link OrchestratorPool}. */
export type OrchestratorPoolOptions = {
  /** Segments a failing orchestrator sits out. Default: 5. */
  penalty?: number
}

/**
 * Ordered pool with suspensions.
 *
 * @example
 * const pool = new OrchestratorPool(['http://a', 'http://b'])
 * pool.candidates() // ['http://a', 'http://b']
 * pool.suspend('http://a'); pool.candidates() // ['http://b']
 */
export class OrchestratorPool {
  private entries: PoolEntry[]
  private clock = 0
  private readonly penalty: number

  constructor(uris: readonly string[], opts: OrchestratorPoolOptions = {}) {
    this.penalty = opts.penalty ?? 5
    this.entries = [...new Set(uris.map((u) => u.replace(/\/+$/, '')))].map((uri) => ({
      uri,
      suspendedUntil: 0,
      failures: 0,
    }))
  }

  /** Adds URIs found by discovery (kept after the configured ones). */
  add(uris: readonly string[]): void {
    for (const u of uris) {
      const uri = u.replace(/\/+$/, '')
      if (!this.entries.some((e) => e.uri === uri)) this.entries.push({ uri, suspendedUntil: 0, failures: 0 })
    }
  }

  /** Advances the pool clock by one segment. */
  tick(): void {
    this.clock++
  }

  /** Usable URIs in order; when all are suspended, the least-suspended ones fill in. */
  candidates(): string[] {
    const ok = this.entries.filter((e) => e.suspendedUntil <= this.clock)
    if (ok.length > 0) return ok.map((e) => e.uri)
    return [...this.entries].sort((a, b) => a.suspendedUntil - b.suspendedUntil).map((e) => e.uri)
  }

  /** Suspends `uri` for `penalty` segments and moves it to the back of the order. */
  suspend(uri: string): void {
    const i = this.entries.findIndex((e) => e.uri === uri)
    if (i < 0) return
    const [e] = this.entries.splice(i, 1)
    e!.failures++
    e!.suspendedUntil = this.clock + this.penalty
    this.entries.push(e!)
  }

  /** True when `uri` is suspended now. */
  isSuspended(uri: string): boolean {
    const e = this.entries.find((x) => x.uri === uri)
    return e !== undefined && e.suspendedUntil > this.clock
  }

  /** Snapshot for logs and tests. */
  list(): PoolEntry[] {
    return this.entries.map((e) => ({ ...e }))
  }
}
