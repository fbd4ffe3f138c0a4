import { type ChainClient, getBlockNumber, getLastInitializedRound } from '@prism/protocol'

/**
 * Keeps the latest block number and last initialized round of the chain (the getBlockNumber and
 * getLastInitializedRound chain actions), polled in the background, for synchronous reads by
 * payment sessions (ticket params expiry, unlock check).
 * @example
 * const clock = new ChainClock(client); await clock.refresh(); clock.block
 */
export class ChainClock {
  #client: ChainClient
  #block = 0n
  #round = 0n
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(client: ChainClient) {
    this.#client = client
  }

  /** Latest block number seen. */
  get block(): bigint {
    return this.#block
  }

  /** Last initialized round seen. */
  get lastInitializedRound(): bigint {
    return this.#round
  }

  /** Reads the chain now. Errors are kept silent (the previous values stay). */
  async refresh(): Promise<void> {
    try {
      const [block, round] = await Promise.all([
        getBlockNumber(this.#client),
        getLastInitializedRound(this.#client),
      ])
      this.#block = block
      this.#round = round
    } catch {}
  }

  /** Starts polling. @param ms interval. Default: 2000. */
  start(ms = 2000): void {
    this.#timer ??= setInterval(() => void this.refresh(), ms)
  }

  /** Stops polling. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }
}
