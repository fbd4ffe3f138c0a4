import { Emitter } from '../lib/Emitter.ts'
import type { DiscoverReturnType, RankedOrchestrator } from './discover.ts'

/** What the panel shows. */
export type DiscoveryState = {
  ranked: RankedOrchestrator[]
  chainError: string | undefined
  /** A probe round is running. */
  busy: boolean
  /** Re-probing quickly after funding, until the orchestrators see the new funds. */
  waitingForFunds: boolean
  /** When the last round finished (ms since the epoch), undefined before the first. */
  updatedAt: number | undefined
}

/** Options of {@link DiscoveryLoop}. */
export type DiscoveryLoopOptions = {
  /** One discovery round with the current inputs (session key, list, max price, pipeline). */
  discover: () => Promise<DiscoverReturnType>
  /** Re-probe this often while started, ms. Default: 15000. */
  intervalMs?: number
  /** Re-probe this often while waiting for funds to be seen, ms. Default: 1000. */
  burstIntervalMs?: number
  /** Wait at most this long for funds to be seen, ms. Default: 30000. */
  burstMs?: number
  /** Clock. Default: Date.now. */
  now?: () => number
}

/**
 * An orchestrator that will accept us once it sees the session key's funds on chain (its next
 * block): it refused for the reserve or quoted no ticket params for our sender.
 */
export function waitsForFunds(o: RankedOrchestrator): boolean {
  if (o.eligible) return false
  if (o.reason === 'refused')
    return ['SENDER_RESERVE_MISSING', 'RESERVE_INSUFFICIENT', 'TICKET_PARAMS_UNAVAILABLE'].includes(
      o.refusal?.code ?? '',
    )
  return o.reason === 'invalid-params' && (o.detail ?? '').includes('no ticket params')
}

/**
 * Keeps the orchestrator ranking fresh: one round on demand (concurrent calls share a round and
 * the latest inputs win), one every `intervalMs` while started, and, after the session key is
 * funded, one every `burstIntervalMs` until no orchestrator waits for the funds any more (nodes
 * see a deposit on their next block, so the first probe after the funding transaction may still
 * be refused).
 * @example
 * const loop = new DiscoveryLoop({ discover: () => discover(params) })
 * loop.start(); loop.afterFunding(); await loop.waitForEligible(10_000)
 */
export class DiscoveryLoop {
  /** `change` after every update of {@link state}. */
  readonly events = new Emitter<{ change: [] }>()
  #o: Required<DiscoveryLoopOptions>
  #state: DiscoveryState = {
    ranked: [],
    chainError: undefined,
    busy: false,
    waitingForFunds: false,
    updatedAt: undefined,
  }
  #running: Promise<void> | undefined
  #again = false
  #timer: ReturnType<typeof setInterval> | undefined
  #burst: ReturnType<typeof setInterval> | undefined
  #burstUntil = 0

  constructor(options: DiscoveryLoopOptions) {
    this.#o = { intervalMs: 15_000, burstIntervalMs: 1000, burstMs: 30_000, now: Date.now, ...options }
  }

  /** The latest ranking and status. */
  get state(): DiscoveryState {
    return this.#state
  }

  /** Replaces the discovery round (new inputs); call {@link refresh} to apply it now. */
  setDiscover(discover: () => Promise<DiscoverReturnType>): void {
    this.#o.discover = discover
  }

  /** Starts the periodic re-probe. */
  start(): void {
    this.#timer ??= setInterval(() => void this.refresh(), this.#o.intervalMs)
  }

  /** Stops every timer (a round in flight still completes). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    this.#stopBurst()
  }

  /** Probes now; resolves when a round that started after this call finished. Never throws. */
  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true
      return this.#running
    }
    this.#running = this.#round().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  /**
   * The session key was just funded (its transaction is mined): re-probe quickly until the
   * orchestrators see the funds, or `burstMs` passed.
   */
  afterFunding(): void {
    this.#burstUntil = this.#o.now() + this.#o.burstMs
    this.#set({ waitingForFunds: true })
    if (!this.#burst) this.#burst = setInterval(() => void this.#burstTick(), this.#o.burstIntervalMs)
    void this.refresh()
  }

  /**
   * Probes, then keeps probing while no orchestrator is eligible but one waits for our funds.
   * @param timeoutMs how long to keep trying.
   * @returns whether one is eligible.
   */
  async waitForEligible(timeoutMs: number): Promise<boolean> {
    const deadline = this.#o.now() + timeoutMs
    for (;;) {
      await this.refresh()
      const { ranked } = this.#state
      if (ranked.some((r) => r.eligible)) return true
      if (!ranked.some(waitsForFunds) || this.#o.now() >= deadline) return false
      await new Promise((r) => setTimeout(r, this.#o.burstIntervalMs))
    }
  }

  async #round(): Promise<void> {
    do {
      this.#again = false
      this.#set({ busy: true })
      try {
        const { ranked, chainError } = await this.#o.discover()
        this.#set({ ranked, chainError, updatedAt: this.#o.now() })
      } catch (err) {
        this.#set({ chainError: err instanceof Error ? err.message.split('\n')[0] : String(err) })
      } finally {
        this.#set({ busy: false })
      }
    } while (this.#again)
  }

  async #burstTick() {
    const waiting = this.#state.ranked.some(waitsForFunds)
    if (!waiting || this.#o.now() >= this.#burstUntil) {
      this.#stopBurst()
      return
    }
    await this.refresh()
  }

  #stopBurst() {
    if (this.#burst) clearInterval(this.#burst)
    this.#burst = undefined
    if (this.#state.waitingForFunds) this.#set({ waitingForFunds: false })
  }

  #set(patch: Partial<DiscoveryState>) {
    this.#state = { ...this.#state, ...patch }
    this.events.emit('change')
  }
}
