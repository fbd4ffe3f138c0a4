/**
 * The gateway's orchestrator pool: the configured (`-orchAddr`) and discovered service URIs in
 * preference order, with suspension of failing ones (docs/protocol.md §6.3 policy: a suspended
 * orchestrator sits out `penalty` segments, then returns at the back of the order). Suspensions
 * are a @prism/protocol `SuspensionList` on the pool's segment clock, the same list discovery
 * filters through.
 */
import { normalizeUrl, SuspensionList } from '@prism/protocol'

/** One orchestrator as the pool knows it. */
export type PoolEntry = {
  /** Service URI, e.g. `https://127.0.0.1:8935`. */
  uri: string
  /** Segments (by the pool's clock) until which it is suspended; 0 when it is not. */
  suspendedUntil: number
  /** Failures seen. */
  failures: number
}

/** Options of {@link OrchestratorPool}. */
export type OrchestratorPoolOptions = {
  /** Segments a failing orchestrator sits out (more when it fails again while suspended). Default: 5. */
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
  /** Suspended orchestrators, timed in segments (pass it to discovery). */
  readonly suspensions: SuspensionList
  private order: string[] = []
  private readonly failures = new Map<string, number>()
  private readonly until = new Map<string, number>()
  private clock = 0

  constructor(uris: readonly string[], opts: OrchestratorPoolOptions = {}) {
    this.suspensions = new SuspensionList({ baseMs: opts.penalty ?? 5, now: () => this.clock })
    this.add(uris)
  }

  /** Adds URIs (configured, then found by discovery), keeping the ones already known in place. */
  add(uris: readonly string[]): void {
    for (const u of uris) {
      const uri = normalizeUrl(u)
      if (uri && !this.order.includes(uri)) this.order.push(uri)
    }
  }

  /** Advances the pool clock by one segment. */
  tick(): void {
    this.clock++
  }

  /** Usable URIs in order; when all are suspended, the least-suspended ones fill in. */
  candidates(): string[] {
    const ok = this.order.filter((u) => !this.suspensions.isSuspended(u))
    return ok.length > 0 ? ok : this.suspensions.byPenalty().filter((u) => this.order.includes(u))
  }

  /** Suspends `uri` for `penalty` segments (added to a running suspension) and moves it to the back. */
  suspend(uri: string): void {
    const i = this.order.indexOf(uri)
    if (i < 0) return
    this.order.splice(i, 1)
    this.order.push(uri)
    this.failures.set(uri, (this.failures.get(uri) ?? 0) + 1)
    this.until.set(uri, this.suspensions.suspend(uri))
  }

  /** True when `uri` is suspended now. */
  isSuspended(uri: string): boolean {
    return this.suspensions.isSuspended(uri)
  }

  /** Snapshot for logs and tests. */
  list(): PoolEntry[] {
    return this.order.map((uri) => ({
      uri,
      suspendedUntil: this.suspensions.isSuspended(uri) ? (this.until.get(uri) ?? 0) : 0,
      failures: this.failures.get(uri) ?? 0,
    }))
  }
}
