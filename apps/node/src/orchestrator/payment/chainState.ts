/**
 * ChainState: a per-block snapshot of the chain facts that ticket handling needs synchronously
 * (latest block, last initialized round and its block hash, gas price, whether the node is active)
 * plus a per-block cache of sender info. `handleBlock()` refreshes it; payments never wait on more
 * than one RPC round trip.
 */
import type { SenderInfo } from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
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
  #snapshot: ChainSnapshot | undefined
  #senders = new Map<string, Promise<SenderInfo>>()

  constructor(options: { chain: PaymentChain; recipient: Address }) {
    super()
    this.#chain = options.chain
    this.#recipient = options.recipient
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
      this.#snapshot = {
        block,
        lastInitializedRound,
        creationRound,
        creationRoundBlockHash,
        gasPrice,
        active,
      }
      this.#senders = new Map()
      this.safeEmit('snapshot', this.#snapshot)
    } catch (err) {
      this.safeEmit('refresherror', err)
    }
  }

  /** Sender info, read once per block. */
  senderInfo(sender: Address): Promise<SenderInfo> {
    const k = sender.toLowerCase()
    let p = this.#senders.get(k)
    if (!p) {
      p = this.#chain.getSenderInfo(sender)
      p.catch(() => this.#senders.delete(k))
      this.#senders.set(k, p)
    }
    return p
  }
}
