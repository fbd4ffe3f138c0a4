/**
 * RedemptionLoop: redeems queued winning tickets, one pass per new L1 block (docs/protocol.md §2.5).
 *
 * Each pass reads the pending queue from the {@link SettlementStore}, so a restart resumes where
 * the previous process stopped. A ticket is redeemed after its params expired, or earlier when its
 * on-chain window (`ticketWindow.ts`) is about to close, so that no winner expires unredeemed;
 * a ticket whose window has closed is settled as expired without a transaction. Only if the
 * node is active, never when its face value or the sender's funds cannot pay for the gas, and it
 * leaves the queue only on a final outcome (paid, already used, or a revert that cannot change).
 * Retryable failures (RPC down, paused system…) keep it queued for the next block.
 */
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { RedemptionChain } from '../payment/paymentChain.ts'
import { classifyRedemptionError, type RedemptionErrorClass } from './classifyRedemptionError.ts'
import type { SettlementStore } from './store.ts'
import { type RoundTiming, windowClosed, windowClosing } from './ticketWindow.ts'
import type { QueuedTicket } from './winningTicket.ts'

/** Options of {@link RedemptionLoop}. */
export type RedemptionLoopOptions = {
  store: SettlementStore
  chain: RedemptionChain
  /** The orchestrator's address (ticket recipient, reserve claimant). */
  recipient: Address
  /** Gas one redemption is assumed to cost. Default: 1200000 (go-livepeer, Arbitrum). */
  redeemGas?: bigint
  /** Most tickets in one batchRedeemWinningTickets call. Default: 20. */
  maxBatch?: number
  /** Clock for timestamps. Default: Date. */
  clock?: { now(): number }
}

/** Events of {@link RedemptionLoop}. */
export type RedemptionLoopEvents = {
  /** A ticket was paid on chain by our tx (`txHash`), or found already used (`txHash` null). */
  redeemed: [ticket: QueuedTicket, txHash: Hex | null]
  /** A redemption failed; `cls` says whether it stays queued (`retryable`). */
  redemptionerror: [ticket: QueuedTicket, reason: string, cls: RedemptionErrorClass]
  /** A due ticket was not sent this block (gas guard, inactive node). */
  skipped: [ticket: QueuedTicket, reason: string]
  /** Queue length after a pass. */
  queue: [pending: number]
  /** A pass failed before reaching any ticket (e.g. RPC down); the next block retries. */
  passerror: [error: unknown]
}

/**
 * Redeems winning tickets from the durable queue.
 *
 * @example
 * const loop = new RedemptionLoop({ store, chain, recipient: orchAddress })
 * loop.on('redeemed', (t, tx) => log.info({ tx }, 'redeemed'))
 * blockWatcher.on('block', (n) => loop.handleBlock(n))
 */
export class RedemptionLoop extends EnhancedEventEmitter<RedemptionLoopEvents> {
  readonly #o: Required<Omit<RedemptionLoopOptions, 'clock'>> & { clock: { now(): number } }
  #running: Promise<void> | null = null
  #nextBlock: bigint | null = null
  #closed = false
  /** Tickets a batch did not settle: redeemed alone next time, to learn the revert reason. */
  readonly #single = new Set<Hex>()
  /** Face value per sender in transactions not yet mined. */
  readonly #inflight = new Map<Address, bigint>()
  /** Round timing and the last initialized round it was read in. */
  #timing: { round: bigint; timing: RoundTiming } | undefined

  constructor(options: RedemptionLoopOptions) {
    super()
    this.#o = {
      redeemGas: 1_200_000n,
      maxBatch: 20,
      clock: Date,
      ...options,
    } as Required<Omit<RedemptionLoopOptions, 'clock'>> & { clock: { now(): number } }
  }

  /** Face value of this sender's tickets in redemption transactions not yet mined (max float). */
  pendingAmount(sender: Address): bigint {
    return this.#inflight.get(sender.toLowerCase() as Address) ?? 0n
  }

  /**
   * Runs one pass for `block`. Calls during a pass are coalesced into one more pass for the
   * latest block. Never throws: failures are emitted.
   *
   * @returns a promise settled when the pass (and any coalesced one) is done.
   */
  handleBlock(block: bigint): Promise<void> {
    if (this.#closed) return Promise.resolve()
    if (this.#running) {
      this.#nextBlock = block
      return this.#running
    }
    this.#running = (async () => {
      let b: bigint | null = block
      while (b !== null && !this.#closed) {
        this.#nextBlock = null
        try {
          await this.#pass(b)
        } catch (err) {
          this.safeEmit('passerror', err)
        }
        b = this.#nextBlock
      }
    })().finally(() => {
      this.#running = null
    })
    return this.#running
  }

  /** Stops taking blocks and waits for a running pass. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#running
  }

  async #pass(block: bigint): Promise<void> {
    const { store, chain, recipient } = this.#o
    const pending = store.pendingTickets()
    if (pending.length === 0) {
      this.safeEmit('queue', 0)
      return
    }
    const lastRound = await chain.getLastInitializedRound()
    const timing = await this.#roundTiming(lastRound, block)
    const now = this.#o.clock.now()
    const due: QueuedTicket[] = []
    for (const t of pending) {
      // The contract accepts creationRound + ticketValidityPeriod > currentRound; without the
      // timing, go-livepeer's filter (2 rounds past the last initialized one).
      if (timing ? windowClosed(timing, t.creationRound) : t.creationRound + 2n < lastRound) {
        store.settle(t.ticketHash, { status: 'failed', reason: 'ticket is expired', now })
        this.safeEmit('redemptionerror', t, 'ticket is expired', 'final')
        continue
      }
      if (t.paramsExpirationBlock <= block || (timing && windowClosing(timing, t.creationRound, block)))
        due.push(t)
    }
    if (due.length > 0) {
      if (!(await chain.isActiveTranscoder(recipient))) {
        for (const t of due) this.safeEmit('skipped', t, 'orchestrator is not active')
      } else {
        const ready = await this.#guard(due)
        const single = ready.filter((t) => this.#single.has(t.ticketHash))
        const batchable = ready.filter((t) => !this.#single.has(t.ticketHash))
        for (const t of single) await this.#redeemOne(t)
        for (let i = 0; i < batchable.length; i += this.#o.maxBatch) {
          const chunk = batchable.slice(i, i + this.#o.maxBatch)
          if (chunk.length === 1) await this.#redeemOne(chunk[0]!)
          else await this.#redeemBatch(chunk)
        }
      }
    }
    this.safeEmit('queue', store.pendingCount())
  }

  /**
   * Round timing, read again when the last initialized round changes or the current round ends;
   * undefined when the chain does not report it.
   */
  async #roundTiming(lastRound: bigint, block: bigint): Promise<RoundTiming | undefined> {
    const get = this.#o.chain.getRoundTiming
    if (!get) return undefined
    const cached = this.#timing
    if (
      !cached ||
      cached.round !== lastRound ||
      block >= cached.timing.currentRoundStartBlock + cached.timing.roundLength
    )
      this.#timing = { round: lastRound, timing: await get.call(this.#o.chain) }
    return this.#timing?.timing
  }

  /** Drops used tickets and those that cannot pay for their gas; returns the rest. */
  async #guard(due: QueuedTicket[]): Promise<QueuedTicket[]> {
    const { chain, recipient, redeemGas } = this.#o
    const ready: QueuedTicket[] = []
    const gasPrice = await chain.getGasPrice()
    const txCost = redeemGas * gasPrice
    const funds = new Map<Address, bigint>()
    for (const t of due) {
      if (await chain.isUsedTicket(t.ticketHash)) {
        this.#settleUsed(t)
        continue
      }
      const key = t.sender.toLowerCase() as Address
      let available = funds.get(key)
      if (available === undefined) {
        const info = await chain.getSenderInfo(t.sender)
        const reserve = await chain.claimableReserve(t.sender, recipient)
        available = info.deposit + reserve - this.pendingAmount(t.sender)
      }
      if (available <= txCost) {
        funds.set(key, available)
        this.#retry(t, 'insufficient sender funds for redeem tx cost')
        continue
      }
      if (t.faceValue <= txCost) {
        funds.set(key, available)
        this.#retry(t, 'insufficient ticket face value for redeem tx cost')
        continue
      }
      funds.set(key, available - t.faceValue)
      ready.push(t)
    }
    return ready
  }

  /** Final outcome for a ticket the chain already marks used: settled, never sent again. */
  #settleUsed(t: QueuedTicket) {
    this.#o.store.settle(t.ticketHash, {
      status: 'redeemed',
      reason: 'ticket already used',
      now: this.#o.clock.now(),
    })
    this.#single.delete(t.ticketHash)
    this.safeEmit('redeemed', t, null)
  }

  #retry(t: QueuedTicket, reason: string) {
    this.#o.store.recordAttemptFailure(t.ticketHash, reason)
    this.safeEmit('skipped', t, reason)
  }

  #track(tickets: QueuedTicket[], sign: 1n | -1n) {
    for (const t of tickets) {
      const key = t.sender.toLowerCase() as Address
      const next = (this.#inflight.get(key) ?? 0n) + sign * t.faceValue
      if (next <= 0n) this.#inflight.delete(key)
      else this.#inflight.set(key, next)
    }
  }

  async #redeemOne(t: QueuedTicket): Promise<void> {
    const { store, chain } = this.#o
    this.#track([t], 1n)
    try {
      const { txHash } = await chain.redeemWinningTicket(t)
      store.settle(t.ticketHash, { status: 'redeemed', txHash, now: this.#o.clock.now() })
      this.#single.delete(t.ticketHash)
      this.safeEmit('redeemed', t, txHash)
    } catch (err) {
      const cls = classifyRedemptionError(err)
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      if (cls === 'used') {
        this.#settleUsed(t)
        return
      }
      if (cls === 'final') {
        store.settle(t.ticketHash, { status: 'failed', reason, now: this.#o.clock.now() })
        this.#single.delete(t.ticketHash)
      } else store.recordAttemptFailure(t.ticketHash, reason)
      this.safeEmit('redemptionerror', t, reason, cls)
    } finally {
      this.#track([t], -1n)
    }
  }

  async #redeemBatch(tickets: QueuedTicket[]): Promise<void> {
    const { store, chain } = this.#o
    this.#track(tickets, 1n)
    let txHash: Hex
    try {
      ;({ txHash } = await chain.batchRedeemWinningTickets(tickets))
    } catch (err) {
      this.#track(tickets, -1n)
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      // Whatever went wrong, the per-ticket outcome is unknown: retry each ticket alone.
      for (const t of tickets) {
        store.recordAttemptFailure(t.ticketHash, reason)
        this.#single.add(t.ticketHash)
        this.safeEmit('redemptionerror', t, reason, 'retryable')
      }
      return
    }
    this.#track(tickets, -1n)
    for (const t of tickets) {
      let used: boolean
      try {
        used = await chain.isUsedTicket(t.ticketHash)
      } catch (err) {
        // Unknown: the next pass checks usedTickets before sending anything.
        store.recordAttemptFailure(t.ticketHash, err instanceof Error ? err.message : String(err))
        continue
      }
      if (used) {
        store.settle(t.ticketHash, { status: 'redeemed', txHash, now: this.#o.clock.now() })
        this.safeEmit('redeemed', t, txHash)
      } else {
        store.recordAttemptFailure(t.ticketHash, 'not redeemed in batch')
        this.#single.add(t.ticketHash)
        this.safeEmit('redemptionerror', t, 'not redeemed in batch', 'retryable')
      }
    }
  }
}
