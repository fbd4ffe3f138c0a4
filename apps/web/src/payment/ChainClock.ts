import { roundsManagerAbi } from '@prism/protocol'
import type { Address, PublicClient } from 'viem'

/**
 * Keeps the latest block number and last initialized round of the chain, polled in the
 * background, for synchronous reads by payment sessions (ticket params expiry, unlock check).
 * @example
 * const clock = new ChainClock(client, roundsManager); await clock.refresh(); clock.block
 */
export class ChainClock {
  #client: PublicClient
  #roundsManager: Address
  #block = 0n
  #round = 0n
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(client: PublicClient, roundsManager: Address) {
    this.#client = client
    this.#roundsManager = roundsManager
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
        this.#client.getBlockNumber({ cacheTime: 0 }),
        this.#client.readContract({
          address: this.#roundsManager,
          abi: roundsManagerAbi,
          functionName: 'lastInitializedRound',
        }),
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
