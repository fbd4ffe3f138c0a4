/**
 * SessionPaymentController: the payment state of one media session. Output stays paused until the
 * gateway prepaid (default: 60 s of the session's expected output pixels at its fixed price); then
 * output pixels are debited as the pipeline reports them. When the balance stays below zero for
 * longer than the grace period output is paused and the gateway told why; when it still does not
 * pay within `closeAfterSeconds` the session is closed. Time comes from an injected clock and
 * advances through `handleTick()`, so tests drive it without timers.
 */
import { type PriceInfo, type Rational, ratCompare, ratFloor, rational, ratMul } from '@prism/protocol'
import type { Address } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { BalanceLedger } from './balanceLedger.ts'
import { PaymentBalanceInsufficientError } from './errors.ts'
import type { ReceiveResult } from './ticketReceiver.ts'

/** Payment state of a session. */
export type SessionPaymentState = 'awaitingPrepay' | 'running' | 'paused' | 'closed'

/** Options of {@link SessionPaymentController}. */
export type SessionPaymentControllerOptions = {
  sessionId: string
  ledger: BalanceLedger
  /** Milliseconds clock. */
  clock: { now(): number }
  /** Output pixels per second the session is expected to produce (Σ renditions w × h × fps). */
  expectedPixelsPerSecond: bigint
  /** Seconds of output the gateway must prepay before media starts. Default: 60. */
  prepaySeconds?: number
  /** Seconds the balance may stay below zero before output pauses. Default: 10. */
  graceSeconds?: number
  /** Seconds a paused session waits for payment before it is closed. Default: 30. */
  closeAfterSeconds?: number
  /** True when the node charges nothing: media starts without a payment. Default: false. */
  free?: boolean
  /**
   * The sender the session is bound to (its WHIP offer named and signed it). Default: none, and
   * the first payment with a price names it.
   */
  sender?: Address
}

/** Events of {@link SessionPaymentController}. */
export type SessionPaymentControllerEvents = {
  /** Prepayment received (or service is free): output may start. */
  start: []
  /** Balance changed: wei, rounded down, as a decimal string. */
  balance: [balanceWei: string, price: PriceInfo | undefined]
  /** Output paused for lack of payment. */
  paused: [reason: PaymentBalanceInsufficientError]
  /** Payment arrived while paused: output resumes. */
  resumed: []
  /** Still unpaid after the pause window: the session must close. */
  close: [reason: PaymentBalanceInsufficientError]
}

/**
 * Per-session payment gate.
 *
 * @example
 * const ctl = new SessionPaymentController({ sessionId, ledger, clock: Date, expectedPixelsPerSecond: 640n * 360n * 30n })
 * ctl.on('start', () => session.setOutputPaused(false))
 * ctl.handlePaymentResult(await receiver.handlePayment(sessionId, payment))
 */
export class SessionPaymentController extends EnhancedEventEmitter<SessionPaymentControllerEvents> {
  readonly #o: Required<Omit<SessionPaymentControllerOptions, 'sender'>>
  #state: SessionPaymentState = 'awaitingPrepay'
  #sender: Address | null = null
  #negativeSince: number | null = null
  #pausedAt: number | null = null

  constructor(options: SessionPaymentControllerOptions) {
    super()
    const { sender, ...rest } = options
    this.#o = { prepaySeconds: 60, graceSeconds: 10, closeAfterSeconds: 30, free: false, ...rest }
    this.#sender = sender ?? null
  }

  /** Current state. */
  get state(): SessionPaymentState {
    return this.#state
  }

  /** The paying sender: bound at creation, or named by the first priced payment. */
  get sender(): Address | null {
    return this.#sender
  }

  /** The session id. */
  get sessionId(): string {
    return this.#o.sessionId
  }

  /** Current balance (0 before the first payment). */
  balance(): Rational {
    return this.#sender ? this.#o.ledger.balance(this.#sender, this.#o.sessionId) : rational(0n)
  }

  /** The session's fixed price, once set. */
  price(): PriceInfo | undefined {
    return this.#sender ? this.#o.ledger.account(this.#sender, this.#o.sessionId).price : undefined
  }

  /** Wei the gateway must hold in credit before output starts. */
  prepayRequired(): Rational {
    const price = this.price()
    if (!price || this.#o.free) return rational(0n)
    const pixels = this.#o.expectedPixelsPerSecond * BigInt(Math.ceil(this.#o.prepaySeconds))
    return ratMul(rational(pixels), rational(price.pricePerUnit, price.pixelsPerUnit))
  }

  /** Starts a free session at once. Call once after creation. */
  handleStart(): void {
    if (this.#o.free && this.#state === 'awaitingPrepay') {
      this.#state = 'running'
      this.safeEmit('start')
    }
  }

  /** Feeds the outcome of a payment for this session. */
  handlePaymentResult(res: ReceiveResult): void {
    if (this.#state === 'closed') return
    if (res.sender && res.price && !this.#sender) this.#sender = res.sender
    if (!this.#sender || !this.price()) return
    this.#emitBalance()
    this.#evaluate()
  }

  /** Debits output pixels (Σ over renditions of width × height per encoded frame). */
  handleOutputPixels(pixels: bigint): void {
    if (this.#state === 'closed' || !this.#sender) return
    this.#o.ledger.debitPixels(this.#sender, this.#o.sessionId, pixels)
    this.#evaluate()
  }

  /** Advances timers: pause after the grace period, close after the pause window. */
  handleTick(): void {
    if (this.#state === 'closed') return
    this.#evaluate()
  }

  /** Emits the current balance (periodic updates to the gateway). */
  handleBalanceRequest(): void {
    if (this.#sender && this.price()) this.#emitBalance()
  }

  /** Marks the controller closed (the session closed for another reason). Idempotent. */
  close(): void {
    this.#state = 'closed'
  }

  #emitBalance() {
    this.safeEmit('balance', ratFloor(this.balance()).toString(), this.price())
  }

  #evaluate() {
    const now = this.#o.clock.now()
    const bal = this.balance()
    const negative = ratCompare(bal, rational(0n)) < 0
    if (this.#state === 'awaitingPrepay') {
      if (this.#sender && this.price() && ratCompare(bal, this.prepayRequired()) >= 0) {
        this.#state = 'running'
        this.safeEmit('start')
      }
      return
    }
    if (!negative) {
      this.#negativeSince = null
      if (this.#state === 'paused') {
        this.#state = 'running'
        this.#pausedAt = null
        this.safeEmit('resumed')
      }
      return
    }
    this.#negativeSince ??= now
    if (this.#state === 'running' && now - this.#negativeSince >= this.#o.graceSeconds * 1000) {
      this.#state = 'paused'
      this.#pausedAt = now
      this.safeEmit('paused', new PaymentBalanceInsufficientError(ratFloor(bal).toString(), false))
      return
    }
    if (
      this.#state === 'paused' &&
      this.#pausedAt !== null &&
      now - this.#pausedAt >= this.#o.closeAfterSeconds * 1000
    ) {
      this.#state = 'closed'
      this.safeEmit('close', new PaymentBalanceInsufficientError(ratFloor(bal).toString(), true))
    }
  }
}
