/**
 * Seen sender nonces per recipientRandHash (docs/protocol.md §1.6): any unseen nonce is accepted, at
 * most 600 per params set, and the set is forgotten once its params expired.
 */
import { MAX_SENDER_NONCES } from '@prism/protocol'

/** Outcome of {@link NonceTracker.use}. */
export type NonceUse = 'ok' | 'replayed' | 'limit'

/**
 * Tracks nonces per params set.
 *
 * @example
 * const nonces = new NonceTracker()
 * nonces.use('0xabc…', 1n, 140n) // 'ok'
 * nonces.use('0xabc…', 1n, 140n) // 'replayed'
 * nonces.handleBlock(140n)        // forgets sets whose expiration block ≤ 140
 */
export class NonceTracker {
  readonly #sets = new Map<string, { nonces: Set<bigint>; expirationBlock: bigint }>()
  readonly #max: number

  /** @param max - nonces per params set. Default: 600 (go-livepeer maxSenderNonces). */
  constructor(max: number = MAX_SENDER_NONCES) {
    this.#max = max
  }

  /** Records `nonce` for the params set `randHash` unless it was seen or the set is full. */
  use(randHash: string, nonce: bigint, expirationBlock: bigint): NonceUse {
    const key = randHash.toLowerCase()
    let set = this.#sets.get(key)
    if (!set) {
      set = { nonces: new Set(), expirationBlock }
      this.#sets.set(key, set)
    }
    if (set.nonces.has(nonce)) return 'replayed'
    if (set.nonces.size >= this.#max) return 'limit'
    set.nonces.add(nonce)
    return 'ok'
  }

  /** Forgets params sets whose expiration block ≤ `latestBlock`. */
  handleBlock(latestBlock: bigint): void {
    for (const [k, v] of this.#sets) if (v.expirationBlock <= latestBlock) this.#sets.delete(k)
  }

  /** Number of params sets tracked. */
  get size(): number {
    return this.#sets.size
  }
}
