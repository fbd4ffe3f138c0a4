/**
 * The trickle server's state: channels by name, in memory. Channels are created by their owner
 * (a live session) — HTTP clients cannot create them (autocreate off) — and closed and removed by
 * the owner, by `DELETE {name}`, or by the idle sweep (no write for {@link TrickleServerOptions.idleMs},
 * checked every {@link TrickleServerOptions.sweepIntervalMs}).
 */
import { TrickleChannel } from './TrickleChannel.ts'

/** Options of {@link TrickleServer}. */
export type TrickleServerOptions = {
  /** How often idle channels are swept. Default: 60 s. */
  sweepIntervalMs?: number
  /** A channel with no write for this long is closed and removed. Default: 5 min. */
  idleMs?: number
  /** A publish whose body sends no byte for this long gets an interim `100 Continue`. Default: 10 s. */
  continueAfterMs?: number
  /** Clock (ms). Default: Date.now. */
  now?: () => number
}

/** The channels of one node. */
export class TrickleServer {
  private readonly channels = new Map<string, TrickleChannel>()
  private readonly timer: ReturnType<typeof setInterval>
  /** See {@link TrickleServerOptions.idleMs}. */
  readonly idleMs: number
  /** See {@link TrickleServerOptions.continueAfterMs}. */
  readonly continueAfterMs: number
  /** The clock. */
  readonly now: () => number

  /** Starts the idle sweep (unref'd). */
  constructor(opts: TrickleServerOptions = {}) {
    this.idleMs = opts.idleMs ?? 5 * 60_000
    this.continueAfterMs = opts.continueAfterMs ?? 10_000
    this.now = opts.now ?? Date.now
    this.timer = setInterval(() => this.sweep(), opts.sweepIntervalMs ?? 60_000)
    this.timer.unref()
  }

  /** Channels open now. */
  get size(): number {
    return this.channels.size
  }

  /**
   * Creates the channel `name` (or returns the existing one).
   * @example server.create('a1b2c3d4-out', 'video/MP2T')
   */
  create(name: string, mime: string): TrickleChannel {
    const held = this.channels.get(name)
    if (held) return held
    const ch = new TrickleChannel(name, mime, this.now())
    this.channels.set(name, ch)
    return ch
  }

  /** The channel `name`, if any. */
  get(name: string): TrickleChannel | undefined {
    return this.channels.get(name)
  }

  /** Closes and removes the channel `name`; `false` if there was none. */
  delete(name: string): boolean {
    const ch = this.channels.get(name)
    if (!ch) return false
    this.channels.delete(name)
    ch.close()
    return true
  }

  /** Closes and removes the channels idle for longer than `idleMs`. */
  sweep(): void {
    const cutoff = this.now() - this.idleMs
    for (const ch of [...this.channels.values()]) if (ch.lastWriteAt < cutoff) this.delete(ch.name)
  }

  /** Stops the sweep and closes every channel. */
  close(): void {
    clearInterval(this.timer)
    for (const name of [...this.channels.keys()]) this.delete(name)
  }
}
