/**
 * Polls RoundsManager (the `getRoundInfo` chain action) and reports block and round changes as
 * typed events; `close()` stops it.
 */
import { EventEmitter } from 'node:events'
import { type ChainClient, type ChainError, getRoundInfo, type RoundInfo } from '@prism/protocol'

/** Events of a {@link RoundWatcher}. */
export type RoundWatcherEvents = {
  /** A new latest block number. */
  block: [blockNumber: bigint]
  /** currentRound changed (the new round may not be initialized yet). */
  round: [info: RoundInfo]
  /** lastInitializedRound changed: a new round was initialized (with its block hash). */
  initialized: [info: RoundInfo]
  /** A poll failed (typically CHAIN_RPC_UNAVAILABLE); polling goes on. */
  error: [err: ChainError]
  /** The watcher stopped. */
  close: []
}

/** Options of a RoundWatcher. */
export type RoundWatcherOptions = {
  /** Poll interval in ms. Default: the public client's polling interval. */
  intervalMs?: number
}

/**
 * Watches rounds by polling the chain. The first successful poll emits `block`, `round` and
 * `initialized` with the state found, so a listener needs no separate initial read.
 *
 * @example
 * const watcher = new RoundWatcher(client, { intervalMs: 500 })
 * watcher.on('initialized', (info) => console.log('round', info.lastInitializedRound))
 * // later
 * watcher.close()
 */
export class RoundWatcher extends EventEmitter<RoundWatcherEvents> {
  /** Last state seen, or undefined before the first successful poll. */
  last: RoundInfo | undefined
  /** Poll interval in ms. */
  readonly intervalMs: number
  private readonly client: ChainClient
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private polling = false

  constructor(client: ChainClient, opts: RoundWatcherOptions = {}) {
    super()
    this.client = client
    this.intervalMs = opts.intervalMs ?? client.public.pollingInterval
    this.timer = setInterval(() => void this.poll(), this.intervalMs)
    queueMicrotask(() => void this.poll())
  }

  /** Polls once now (also used by the timer); overlapping polls are skipped. */
  async poll(): Promise<void> {
    if (this.closed || this.polling) return
    this.polling = true
    try {
      const info = await getRoundInfo(this.client)
      if (this.closed) return
      const prev = this.last
      this.last = info
      if (!prev || info.blockNumber !== prev.blockNumber) this.safeEmit('block', info.blockNumber)
      if (!prev || info.currentRound !== prev.currentRound) this.safeEmit('round', info)
      if (!prev || info.lastInitializedRound !== prev.lastInitializedRound) this.safeEmit('initialized', info)
    } catch (err) {
      if (!this.closed) this.safeEmit('error', err as ChainError)
    } finally {
      this.polling = false
    }
  }

  /** Stops polling. Idempotent. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    this.timer = undefined
    this.safeEmit('close')
  }

  private safeEmit<K extends keyof RoundWatcherEvents>(event: K, ...args: RoundWatcherEvents[K]): void {
    try {
      // An 'error' event without listeners would throw: drop it instead.
      if (event === 'error' && this.listenerCount('error') === 0) return
      ;(this.emit as (e: K, ...a: RoundWatcherEvents[K]) => boolean)(event, ...args)
    } catch (err) {
      process.emitWarning(`RoundWatcher listener for ${String(event)} threw: ${String(err)}`)
    }
  }
}
