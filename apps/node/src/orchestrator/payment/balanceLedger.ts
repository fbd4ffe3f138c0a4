/**
 * BalanceLedger: credit per (sender, session) in wei as exact rationals (docs/protocol.md §2.3).
 * Accepted tickets credit their EV; output pixels debit pixels × the session's price, which is
 * fixed by the session's first payment.
 */
import { type PriceInfo, type Rational, ratAdd, ratCompare, rational, ratMul, ratSub } from '@prism/protocol'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'

/** One account of the ledger. */
export type BalanceAccount = {
  sender: string
  sessionId: string
  balance: Rational
  /** Fixed at the first payment; undefined before it. */
  price: PriceInfo | undefined
  /** Clock time of the last credit, debit or price fix. */
  lastUsed: number
}

/** Events of {@link BalanceLedger}. */
export type BalanceLedgerEvents = {
  /** The balance of an account changed (credit or debit). */
  balance: [account: BalanceAccount]
}

const ZERO = rational(0n)

function key(sender: string, sessionId: string) {
  return `${sender.toLowerCase()}|${sessionId}`
}

/**
 * Per-session balances.
 *
 * @example
 * const ledger = new BalanceLedger()
 * ledger.fixPrice('0xgw', 's1', { pricePerUnit: 1200n, pixelsPerUnit: 1n })
 * ledger.credit('0xgw', 's1', ticketEV(faceValue, winProb))
 * ledger.debitPixels('0xgw', 's1', 640n * 360n)
 */
export class BalanceLedger extends EnhancedEventEmitter<BalanceLedgerEvents> {
  readonly #accounts = new Map<string, BalanceAccount>()
  readonly #clock: { now(): number }

  /** @param clock - for `lastUsed` and {@link prune}. Default: Date. */
  constructor(clock: { now(): number } = Date) {
    super()
    this.#clock = clock
  }

  /** The account, created empty on first use. */
  account(sender: string, sessionId: string): BalanceAccount {
    const k = key(sender, sessionId)
    let a = this.#accounts.get(k)
    if (!a) {
      a = {
        sender: sender.toLowerCase(),
        sessionId,
        balance: ZERO,
        price: undefined,
        lastUsed: this.#clock.now(),
      }
      this.#accounts.set(k, a)
    }
    return a
  }

  /**
   * Fixes the session's price if not yet fixed.
   *
   * @returns the session's price (the earlier one when already fixed).
   */
  fixPrice(sender: string, sessionId: string, price: PriceInfo): PriceInfo {
    const a = this.account(sender, sessionId)
    if (!a.price) a.price = { ...price }
    a.lastUsed = this.#clock.now()
    return a.price
  }

  /** Adds `amount` wei. */
  credit(sender: string, sessionId: string, amount: Rational): Rational {
    const a = this.account(sender, sessionId)
    a.balance = ratAdd(a.balance, amount)
    a.lastUsed = this.#clock.now()
    this.safeEmit('balance', a)
    return a.balance
  }

  /**
   * Debits `pixels` × the session's fixed price. Before a price is fixed nothing is debited
   * (the prepayment gate keeps output paused until then).
   */
  debitPixels(sender: string, sessionId: string, pixels: bigint): Rational {
    const a = this.account(sender, sessionId)
    if (!a.price || a.price.pricePerUnit === 0n || pixels === 0n) return a.balance
    a.balance = ratSub(
      a.balance,
      ratMul(rational(pixels), rational(a.price.pricePerUnit, a.price.pixelsPerUnit)),
    )
    this.safeEmit('balance', a)
    return a.balance
  }

  /** Current balance (0 for an unknown account). */
  balance(sender: string, sessionId: string): Rational {
    return this.#accounts.get(key(sender, sessionId))?.balance ?? ZERO
  }

  /** True when the balance is ≥ `amount`. */
  covers(sender: string, sessionId: string, amount: Rational): boolean {
    return ratCompare(this.balance(sender, sessionId), amount) >= 0
  }

  /** Drops the account (session closed). */
  remove(sender: string, sessionId: string): void {
    this.#accounts.delete(key(sender, sessionId))
  }

  /**
   * Drops accounts unused for `ttlMs` unless `keep(sessionId)` (live sessions are kept).
   *
   * @returns how many were dropped.
   */
  prune(ttlMs: number, keep: (sessionId: string) => boolean): number {
    const cutoff = this.#clock.now() - ttlMs
    let n = 0
    for (const [k, a] of this.#accounts)
      if (a.lastUsed < cutoff && !keep(a.sessionId)) {
        this.#accounts.delete(k)
        n++
      }
    return n
  }

  /** All accounts (metrics). */
  accounts(): BalanceAccount[] {
    return [...this.#accounts.values()]
  }
}
