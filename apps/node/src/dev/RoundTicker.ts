/**
 * Keeps a dev chain moving: mines one block every `blockTimeMs` and initializes each new round as
 * soon as it starts, so round-based logic (ticket expiry, reward) runs without manual steps.
 */
import type { ChainClient } from '@prism/protocol'
import { initializeRoundIfNeeded, mineBlocks } from './devChainControl.ts'

/** Options of a {@link RoundTicker}. */
export type RoundTickerOptions = {
  /** Chain client whose wallet sends initializeRound (the deployer). */
  client: ChainClient
  /** Milliseconds between mined blocks. Default: 1000. */
  blockTimeMs?: number
  /** Called with each new round initialized. */
  onRound?: (round: bigint) => void
  /** Called when a tick fails (the ticker keeps going). */
  onError?: (err: unknown) => void
}

/**
 * Mines and initializes rounds on a timer. Transactions still mine instantly (automine stays on).
 *
 * @example
 * const ticker = new RoundTicker({ client: { public: publicClient, wallet: deployer, contracts }, blockTimeMs: 1000 })
 * // …
 * await ticker.close()
 */
export class RoundTicker {
  private readonly timer: NodeJS.Timeout
  private running: Promise<void> | undefined
  private closed = false

  constructor(private readonly opts: RoundTickerOptions) {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined))
    }, opts.blockTimeMs ?? 1000)
  }

  /** Mines one block and initializes the round if a new one began. */
  async tick(): Promise<void> {
    if (this.closed) return
    try {
      await mineBlocks(this.opts.client.public, 1)
      const round = await initializeRoundIfNeeded(this.opts.client)
      if (round !== null) this.opts.onRound?.(round)
    } catch (err) {
      if (!this.closed) this.opts.onError?.(err)
    }
  }

  /** Stops the timer and waits for a tick in progress. Idempotent. */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.running
  }
}
