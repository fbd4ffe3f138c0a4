/**
 * ChainState: a per-block snapshot of the chain facts that ticket handling needs synchronously
 * (latest block, last initialized round and its block hash, gas price, whether the node is active)
 * plus a per-block cache of each sender's info and claimable reserve. `handleBlock()` refreshes it;
 * payments and `/info` never wait on more than one RPC round trip, and never longer than
 * `readTimeoutMs`: a read still unanswered by then (an RPC that accepts connections but does not
 * answer) is answered from the sender's last known value, or fails with CHAIN_RPC_UNAVAILABLE for
 * a sender never read. The read itself goes on; its answer replaces the stale one when it comes.
 */
import { ChainRpcUnavailableError, type SenderInfo } from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { RoundTiming } from '../settlement/ticketWindow.ts'
import type { PaymentChain } from './paymentChain.ts'

const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex

/** A consistent view of the chain at one block. */
export type ChainSnapshot = {
  block: bigint
  lastInitializedRound: bigint
  /** Round and hash to put in ticket expiration params (zero-hash fallback applied, §2.6). */
  creationRound: bigint
  creationRoundBlockHash: Hex
  gasPrice: bigint
  active: boolean
  /** Round timing, when the chain reports it (read once per initialized round). */
  timing?: RoundTiming | undefined
}

/** Options of {@link ChainState}. */
export type ChainStateOptions = {
  chain: PaymentChain
  recipient: Address
  /** Longest wait for a sender read before answering from memory (or CHAIN_RPC_UNAVAILABLE). Default: 1000 ms. */
  readTimeoutMs?: number
  /** Senders whose last known values are kept. Default: 4096. */
  maxKnownSenders?: number
}

/** Events of {@link ChainState}. */
export type ChainStateEvents = {
  /** A new snapshot was taken. */
  snapshot: [snapshot: ChainSnapshot]
  /** A refresh failed; the previous snapshot stays. */
  refresherror: [error: unknown]
}

/**
 * Cached chain view.
 *
 * @example
 * const state = new ChainState({ chain, recipient })
 * await state.handleBlock(await chain.getBlockNumber())
 * state.snapshot.block
 */
export class ChainState extends EnhancedEventEmitter<ChainStateEvents> {
  readonly #chain: PaymentChain
  readonly #recipient: Address
  readonly #readTimeoutMs: number
  readonly #maxKnown: number
  #snapshot: ChainSnapshot | undefined
  /** This block's reads (each promise answers within the read timeout). */
  #senders = new Map<string, Promise<SenderInfo>>()
  /** Round timing and the last initialized round it was read in. */
  #timing: { round: bigint; timing: RoundTiming } | undefined
  #reserves = new Map<string, Promise<bigint>>()
  /** Last values read, across blocks, most recent last. */
  readonly #knownSenders = new Map<string, SenderInfo>()
  readonly #knownReserves = new Map<string, bigint>()

  constructor(options: ChainStateOptions) {
    super()
    this.#chain = options.chain
    this.#recipient = options.recipient
    this.#readTimeoutMs = options.readTimeoutMs ?? 1000
    this.#maxKnown = options.maxKnownSenders ?? 4096
  }

  /** The latest snapshot. Throws before the first successful refresh. */
  get snapshot(): ChainSnapshot {
    if (!this.#snapshot) throw new Error('chain state not loaded yet')
    return this.#snapshot
  }

  /** True once a snapshot exists. */
  get ready(): boolean {
    return this.#snapshot !== undefined
  }

  /** The chain this view reads. */
  get chain(): PaymentChain {
    return this.#chain
  }

  /** Refreshes the snapshot for `block` (if newer) and clears the sender cache. Never throws. */
  async handleBlock(block: bigint): Promise<void> {
    if (this.#snapshot && block < this.#snapshot.block) return
    try {
      const c = this.#chain
      const [lastInitializedRound, gasPrice, active] = await Promise.all([
        c.getLastInitializedRound(),
        c.getGasPrice(),
        c.isActiveTranscoder(this.#recipient),
      ])
      let creationRound = lastInitializedRound
      let creationRoundBlockHash = await c.blockHashForRound(creationRound)
      if (creationRoundBlockHash === ZERO_HASH && creationRound > 0n) {
        creationRound -= 1n
        creationRoundBlockHash = await c.blockHashForRound(creationRound)
      }
      if (c.getRoundTiming && this.#timing?.round !== lastInitializedRound)
        this.#timing = { round: lastInitializedRound, timing: await c.getRoundTiming() }
      // Blocks are handled concurrently: a slow refresh of an older block must not replace a
      // newer snapshot (params would then expire against a block the chain left long ago).
      if (this.#snapshot && block < this.#snapshot.block) return
      this.#snapshot = {
        block,
        lastInitializedRound,
        creationRound,
        creationRoundBlockHash,
        gasPrice,
        active,
        timing: this.#timing?.timing,
      }
      this.#senders = new Map()
      this.#reserves = new Map()
      this.safeEmit('snapshot', this.#snapshot)
    } catch (err) {
      this.safeEmit('refresherror', err)
    }
  }

  /**
   * Sender info, read once per block; within the read timeout, else the last known value.
   *
   * @throws ChainRpcUnavailableError (`CHAIN_RPC_UNAVAILABLE`) when the read does not answer in
   *   time and the sender was never read; the chain's own errors when it fails.
   */
  senderInfo(sender: Address): Promise<SenderInfo> {
    return this.#read(this.#senders, this.#knownSenders, sender.toLowerCase(), () =>
      this.#chain.getSenderInfo(sender),
    )
  }

  /**
   * What this node may still claim from the sender's reserve this round, read as
   * {@link senderInfo} is (once per block, within the read timeout, else the last known value).
   *
   * @throws as {@link senderInfo}.
   */
  claimableReserve(sender: Address): Promise<bigint> {
    return this.#read(this.#reserves, this.#knownReserves, sender.toLowerCase(), () =>
      this.#chain.claimableReserve(sender, this.#recipient),
    )
  }

  #read<T>(
    cache: Map<string, Promise<T>>,
    known: Map<string, T>,
    key: string,
    read: () => Promise<T>,
  ): Promise<T> {
    const hit = cache.get(key)
    if (hit) return hit
    const raw = read()
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ChainRpcUnavailableError(`(no answer within ${this.#readTimeoutMs} ms)`)),
        this.#readTimeoutMs,
      )
      timer.unref?.()
    })
    const answer = Promise.race([raw, late])
      .finally(() => clearTimeout(timer))
      .catch((err: unknown) => {
        const last = known.get(key)
        if (last !== undefined && isUnavailable(err)) return last
        throw err
      })
    answer.catch(() => {})
    cache.set(key, answer)
    raw.then(
      (value) => {
        this.#remember(known, key, value)
        if (cache.get(key) === answer) cache.set(key, Promise.resolve(value))
      },
      // a failed read is tried again by the next caller
      () => {
        if (cache.get(key) === answer) cache.delete(key)
      },
    )
    return answer
  }

  #remember<T>(known: Map<string, T>, key: string, value: T): void {
    known.delete(key)
    known.set(key, value)
    if (known.size > this.#maxKnown) known.delete(known.keys().next().value as string)
  }
}

function isUnavailable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'CHAIN_RPC_UNAVAILABLE'
}
