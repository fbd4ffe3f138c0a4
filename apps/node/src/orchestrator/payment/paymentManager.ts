/**
 * PaymentManager: the orchestrator's payments hook (the `payments` option of the Orchestrator).
 * It owns the chain view, the ticket params issuer, the ticket receiver, the balance ledger and one
 * SessionPaymentController per session, and speaks the `payment` data channel:
 * gateway → node `{v:1,type:'payment',seq,payment}`; node → gateway `paymentAck`, `paymentError`,
 * `balance`, `ticketParams`, `paused`, `resumed`, `closing`. `POST /payment` feeds the same path.
 *
 * Inputs arrive through `handle*()` methods; results leave as session calls and typed events. The
 * chain, store and clock are constructor arguments, so tests build it without a peer connection.
 *
 * A session whose WHIP offer named and signed its sender is bound to it: a payment from any other
 * sender is refused (PAYMENT_SENDER_MISMATCH) before anything is verified. Failed payments are
 * rate-limited per remote address, and per sender when the sender is proven (the payment came on
 * its bound session, or one of its signatures verified): a bucket of `failedPaymentBurst`
 * failures refilled at `failedPaymentsPerSecond`; while empty, payments are refused unread
 * (PAYMENT_RATE_LIMITED, 429). Garbage sent in a gateway's name so never limits that gateway.
 */
import {
  type BaseError,
  decodePaymentChannelMessage,
  isBaseError,
  type Payment,
  type PaymentChannelEvent,
  type PriceInfo,
  type PriceJson,
  priceToJson,
  type Rational,
  ratAdd,
  ratFloor,
  rational,
  ratMul,
  type Ticket,
  ticketParamsToJson,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { SettlementStore } from '../settlement/store.ts'
import { type BalanceAccount, BalanceLedger } from './balanceLedger.ts'
import { ChainState } from './chainState.ts'
import { decodeWirePayment, maxPaymentChars } from './decodeWirePayment.ts'
import { PaymentRateLimitedError, PaymentSenderMismatchError, PaymentTooManyTicketsError } from './errors.ts'
import { FailureLimiter } from './failureLimiter.ts'
import type { PaymentChain } from './paymentChain.ts'
import type { PricePolicy, PriceQuery } from './pricePolicy.ts'
import { newRandSecret } from './recipientRand.ts'
import { SessionPaymentController } from './sessionPaymentController.ts'
import { type IssuedTicketParams, TicketParamsIssuer } from './ticketParamsIssuer.ts'
import { MAX_TICKETS_PER_PAYMENT, type ReceiveResult, TicketReceiver } from './ticketReceiver.ts'

/** What the manager needs from a session (the Orchestrator's Session satisfies it). */
export type PaymentSessionHandle = {
  readonly id: string
  /** The ticket sender: bound at creation when the offer signed it, else set by the first payment. */
  readonly sender: string | undefined
  /** The address the session's offer came from (failed payments are limited per address). */
  readonly remoteAddress?: string | undefined
  setSender(address: string): void
  /** Σ over renditions of w × h × fps. */
  readonly expectedPixelsPerSecond: number
  sendPaymentEvent(event: Record<string, unknown> | Uint8Array): void
  setOutputPaused(paused: boolean, reason: string): void
  close(reason?: string): Promise<void> | void
}

/** Options of {@link PaymentManager}. */
export type PaymentManagerOptions = {
  /** The orchestrator's address (ticket recipient). */
  recipient: Address
  chain: PaymentChain
  store: SettlementStore
  pricePolicy: PricePolicy
  /** `-ticketEV`, wei. Default: 8000000000. */
  ticketEV?: bigint
  /** `-redeemGas`. Default: 1200000. */
  redeemGas?: bigint
  /** `-txCostMultiplier`. Default: 100. */
  txCostMultiplier?: bigint
  /** `-maxFaceValue`, 0 = none. Default: 0. */
  maxFaceValue?: bigint
  /** `-prepaySeconds`. Default: 60. */
  prepaySeconds?: number
  /** `-paymentGraceSeconds`: balance below zero this long pauses output. Default: 10. */
  graceSeconds?: number
  /** Seconds a paused session may stay unpaid before it is closed. Default: 30. */
  closeAfterSeconds?: number
  /** Send fresh ticket params when the current ones expire within this many blocks. Default: 10. */
  refreshBlocks?: bigint
  /** Milliseconds between timer ticks (pause/close checks). Default: 1000. */
  tickMs?: number
  /** Milliseconds between periodic balance updates. Default: 5000. */
  balanceIntervalMs?: number
  /** Balances of sessions that are gone (or HTTP-only) are dropped after this long unused. Default: 3600000. */
  balanceTtlMs?: number
  /** recipientRand secret. Default: 32 fresh random bytes. */
  secret?: Uint8Array
  /** Face value in redemptions not yet mined, per sender (from the RedemptionLoop). */
  pendingAmount?: (sender: Address) => bigint
  /** Default: Date. */
  clock?: { now(): number }
  /** Most tickets in one payment, refused before any signature is checked. Default: 600. */
  maxTicketsPerPayment?: number
  /** Failed payments an address (or proven sender) may send in a row. Default: 20. */
  failedPaymentBurst?: number
  /** Failed payments regained per second. Default: 1. */
  failedPaymentsPerSecond?: number
  /** Ticket signature check (tests count calls). Default: @prism/protocol `verifyTicketSignature`. */
  verifyTicketSignature?: (ticket: Ticket, sig: Hex, sender: Address) => boolean
}

/** Where a payment came from (for the failure limits). */
export type PaymentOrigin = {
  /** The client's IP address. */
  remoteAddress?: string | undefined
}

/** Events of {@link PaymentManager}. */
export type PaymentManagerEvents = {
  /** A session's balance changed. */
  balance: [sessionId: string, account: BalanceAccount]
  /** A payment was processed (metrics: tickets received, errors). */
  payment: [sessionId: string, result: ReceiveResult]
  /** A session was paused, resumed or closed for payment reasons. */
  sessionstate: [sessionId: string, state: 'running' | 'paused' | 'closed', reason: string]
}

type SessionEntry = {
  session: PaymentSessionHandle | null
  /** The sender the session was created with (its offer signed it), lowercase; null when none. */
  signedSender: string | null
  ctl: SessionPaymentController
  /** Expiration block of the newest params this session has been given. */
  paramsExpiry: bigint | null
  credited: Rational
  debited: Rational
  lastBalanceAt: number
}

/** Result of an HTTP payment (`POST /payment`). */
export type HttpPaymentResult = {
  result: ReceiveResult
  balance: string
  ticketParams: IssuedTicketParams | null
}

/**
 * The payments hook.
 *
 * @example
 * const payments = new PaymentManager({ recipient, chain, store, pricePolicy })
 * await payments.start()
 * orchestrator.setPayments(payments)
 */
export class PaymentManager extends EnhancedEventEmitter<PaymentManagerEvents> {
  readonly chainState: ChainState
  readonly issuer: TicketParamsIssuer
  readonly receiver: TicketReceiver
  readonly ledger: BalanceLedger
  readonly #o: PaymentManagerOptions & { clock: { now(): number } }
  readonly #sessions = new Map<string, SessionEntry>()
  readonly #failures: FailureLimiter
  readonly #maxTickets: number
  #timer: NodeJS.Timeout | undefined

  constructor(options: PaymentManagerOptions) {
    super()
    this.#o = { clock: Date, ...options }
    this.ledger = new BalanceLedger(this.#o.clock)
    const secret = options.secret ?? newRandSecret()
    this.#maxTickets = options.maxTicketsPerPayment ?? MAX_TICKETS_PER_PAYMENT
    this.chainState = new ChainState({ chain: options.chain, recipient: options.recipient })
    this.issuer = new TicketParamsIssuer({
      recipient: options.recipient,
      secret,
      chainState: this.chainState,
      pricePolicy: options.pricePolicy,
      ...pick(options, ['ticketEV', 'redeemGas', 'txCostMultiplier', 'maxFaceValue', 'pendingAmount']),
    })
    this.receiver = new TicketReceiver({
      recipient: options.recipient,
      secret,
      chainState: this.chainState,
      store: options.store,
      ledger: this.ledger,
      clock: this.#o.clock,
      maxTickets: this.#maxTickets,
      ...(options.verifyTicketSignature ? { verifySignature: options.verifyTicketSignature } : {}),
    })
    this.#failures = new FailureLimiter({
      clock: this.#o.clock,
      ...(options.failedPaymentBurst !== undefined ? { burst: options.failedPaymentBurst } : {}),
      ...(options.failedPaymentsPerSecond !== undefined
        ? { perSecond: options.failedPaymentsPerSecond }
        : {}),
    })
    this.ledger.on('balance', (a) => this.safeEmit('balance', a.sessionId, a))
  }

  /**
   * Loads the chain view (when the RPC answers; otherwise the next block does) and starts the tick
   * timer. Never throws: until the view loads, payments and /info answer TICKET_PARAMS_UNAVAILABLE.
   */
  async start(): Promise<void> {
    try {
      await this.chainState.handleBlock(await this.#o.chain.getBlockNumber())
    } catch {
      // RPC down at start: the RoundWatcher's first block loads the view.
    }
    this.#timer ??= setInterval(() => this.handleTick(), this.#o.tickMs ?? 1000)
    this.#timer.unref?.()
  }

  /** Stops the timer. Idempotent. */
  close(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
    for (const e of this.#sessions.values()) e.ctl.close()
    this.#sessions.clear()
  }

  /** True when the configured base price is 0 (nothing to pay). */
  isFree(q: PriceQuery = {}): boolean {
    return this.#o.pricePolicy.basePrice(q).num === 0n
  }

  /** True on a paid node: new sessions must name and sign their sender (the WHIP offer's `senderSig`). */
  senderRequired(): boolean {
    return !this.isFree()
  }

  /** The base price (no per-sender adjustment) as JSON decimal strings. */
  basePriceJson(q: PriceQuery = {}): PriceJson {
    const r = this.#o.pricePolicy.basePrice(q)
    return { pricePerUnit: r.num.toString(), pixelsPerUnit: r.den.toString() }
  }

  /**
   * Ticket params for a sender, as the `/info?sender=` contribution and the `ticketParams` message.
   *
   * @throws TICKET_SENDER_UNLOCKING, SENDER_RESERVE_MISSING, RESERVE_INSUFFICIENT, TICKET_PARAMS_UNAVAILABLE.
   */
  async ticketParamsFor(sender: Address, q: PriceQuery & { fixedPrice?: PriceInfo } = {}) {
    return this.issuer.issue(sender, q)
  }

  // ---- Orchestrator hook -------------------------------------------------------------------

  /** A session started: gate its output until it is prepaid. */
  handleSessionStart(session: PaymentSessionHandle): void {
    const entry = this.#entry(session.id, session)
    if (this.isFree()) entry.ctl.handleStart()
    else session.setOutputPaused(true, 'awaiting prepayment')
  }

  /**
   * A message on the session's `payment` channel. Never throws: errors go back as `paymentError`
   * (PAYMENT_RATE_LIMITED, PAYMENT_SENDER_MISMATCH, PAYMENT_DECODE_FAILED and the receiver's codes).
   */
  async handlePaymentMessage(session: PaymentSessionHandle, message: string | Uint8Array): Promise<void> {
    const entry = this.#entry(session.id, session)
    const addr = addressKey(session.remoteAddress)
    let seq: number | undefined
    let payment: Payment
    try {
      this.#assertNotLimited(addr)
      // Refused unparsed when longer than the payment it may carry plus its envelope.
      if (message.length > maxPaymentChars(this.#maxTickets) + 256)
        throw new PaymentTooManyTicketsError(`payment message of ${message.length} characters`)
      const text = typeof message === 'string' ? message : new TextDecoder().decode(message)
      const msg = decodePaymentChannelMessage(JSON.parse(text))
      seq = msg.seq
      payment = decodeWirePayment(msg.payment, { maxTickets: this.#maxTickets })
    } catch (err) {
      if (!isRateLimited(err)) this.#failures.fail(addr)
      this.#sendError(session, seq, err)
      return
    }
    const bound = entry.signedSender !== null && sameSender(payment.sender, entry.signedSender)
    let result: ReceiveResult
    try {
      this.#assertNotLimited([...addr, ...(bound ? senderKey(payment.sender) : [])])
      this.#assertSender(entry, payment)
      result = await this.#process(session.id, payment)
    } catch (err) {
      if (!isRateLimited(err)) this.#failures.fail(addr)
      this.#sendError(session, seq, err)
      return
    }
    this.#countFailure(result, addr, bound)
    if (result.fatal && result.error) {
      this.#sendError(session, seq, result.error)
      return
    }
    if (result.sender && !session.sender) session.setSender(result.sender)
    this.#send(session, {
      v: 1,
      type: 'paymentAck',
      seq: seq ?? 0,
      accepted: result.credited,
      winners: result.winners,
    })
    if (result.error) this.#sendError(session, seq, result.error)
    if (result.price && result.sender) {
      const exp = payment.ticketParams?.expirationBlock ?? null
      if (exp !== null && (entry.paramsExpiry === null || exp > entry.paramsExpiry)) entry.paramsExpiry = exp
    }
    entry.ctl.handlePaymentResult(result)
  }

  /** Output pixels the session's pipeline encoded. */
  handleOutputPixels(session: PaymentSessionHandle, pixels: number): void {
    const entry = this.#sessions.get(session.id)
    if (!entry || pixels <= 0) return
    const n = BigInt(Math.round(pixels))
    const price = entry.ctl.price()
    if (price && price.pricePerUnit > 0n)
      entry.debited = ratAdd(
        entry.debited,
        ratMul(rational(n), rational(price.pricePerUnit, price.pixelsPerUnit)),
      )
    entry.ctl.handleOutputPixels(n)
  }

  /** The session closed: forget it. */
  handleSessionClose(session: PaymentSessionHandle): void {
    const entry = this.#sessions.get(session.id)
    if (!entry) return
    entry.ctl.close()
    this.#sessions.delete(session.id)
    if (entry.ctl.sender) this.ledger.remove(entry.ctl.sender, session.id)
  }

  // ---- HTTP --------------------------------------------------------------------------------

  /**
   * A payment from `POST /payment` (`Livepeer-Payment` header, base64 of net.Payment). Credits
   * `sessionId` (a live session's id, or any manifest id for sessions without WebRTC).
   *
   * @param origin - where it came from: failed payments are limited per `remoteAddress`.
   * @throws PAYMENT_RATE_LIMITED (429), PAYMENT_DECODE_FAILED, PAYMENT_SENDER_MISMATCH (a live
   *   session bound to another sender) and every code of TicketReceiver.handlePayment.
   */
  async handleHttpPayment(
    headerValue: string,
    sessionId: string,
    origin: PaymentOrigin = {},
  ): Promise<HttpPaymentResult> {
    const addr = addressKey(origin.remoteAddress)
    this.#assertNotLimited(addr)
    let payment: Payment
    try {
      payment = decodeWirePayment(headerValue, { maxTickets: this.#maxTickets })
    } catch (err) {
      this.#failures.fail(addr)
      throw err
    }
    this.#assertNotLimited(senderKey(payment.sender))
    const entry = this.#sessions.get(sessionId)
    const bound = !!entry?.signedSender && sameSender(payment.sender, entry.signedSender)
    let result: ReceiveResult
    try {
      if (entry) this.#assertSender(entry, payment)
      result = await this.#process(sessionId, payment)
    } catch (err) {
      this.#failures.fail(addr)
      throw err
    }
    this.#countFailure(result, addr, bound)
    if (result.fatal && result.error) throw result.error
    if (entry) {
      if (result.sender && entry.session && !entry.session.sender) entry.session.setSender(result.sender)
      entry.ctl.handlePaymentResult(result)
    }
    let ticketParams: IssuedTicketParams | null = null
    if (result.sender && result.price) {
      try {
        ticketParams = await this.issuer.issue(result.sender, { fixedPrice: result.price })
      } catch {
        ticketParams = null
      }
    }
    const bal = result.sender ? this.ledger.balance(result.sender, sessionId) : rational(0n)
    if (result.error) throw result.error
    return { result, balance: ratFloor(bal).toString(), ticketParams }
  }

  /**
   * A payment that came with a segment (`POST /segment`): credited to (sender, `sessionId`), the
   * auth token's session id, as go-livepeer's ProcessPayment does; no ticket params are issued
   * (the segment's answer carries them).
   *
   * @throws every fatal code of TicketReceiver.handlePayment, and its first non-fatal error after
   *   the tickets before it were credited.
   */
  async handleSegmentPayment(payment: Payment, sessionId: string): Promise<ReceiveResult> {
    const result = await this.#process(sessionId, payment)
    if (result.error) throw result.error
    return result
  }

  /** `-ticketEV`, wei: a priced segment needs at least this much balance. */
  get ticketEV(): bigint {
    return this.#o.ticketEV ?? 8_000_000_000n
  }

  // ---- Time and chain ----------------------------------------------------------------------

  /** A new L1 block: refresh the chain view, forget expired nonces, send fresh params. */
  async handleBlock(block: bigint): Promise<void> {
    await this.chainState.handleBlock(block)
    this.receiver.nonces.handleBlock(block)
    const refresh = this.#o.refreshBlocks ?? 10n
    for (const entry of this.#sessions.values()) {
      const sender = entry.ctl.sender
      const session = entry.session
      if (!sender || !session || entry.paramsExpiry === null || entry.ctl.state === 'closed') continue
      if (entry.paramsExpiry - block > refresh) continue
      try {
        const price = entry.ctl.price()
        const params = await this.issuer.issue(sender, price ? { fixedPrice: price } : {})
        entry.paramsExpiry = params.expirationBlock
        this.#send(session, ticketParamsMessage(params))
      } catch (err) {
        this.#sendError(session, undefined, err)
      }
    }
  }

  /** Timer tick: pause/close checks and periodic balance updates. */
  handleTick(): void {
    const now = this.#o.clock.now()
    this.ledger.prune(this.#o.balanceTtlMs ?? 3_600_000, (id) => this.#sessions.has(id))
    for (const entry of [...this.#sessions.values()]) {
      entry.ctl.handleTick()
      if (entry.session && now - entry.lastBalanceAt >= (this.#o.balanceIntervalMs ?? 5000)) {
        entry.ctl.handleBalanceRequest()
      }
    }
  }

  /** Snapshot per session (metrics, admin). */
  sessions(): Array<{ sessionId: string; sender: string | null; state: string; balance: string }> {
    return [...this.#sessions.entries()].map(([id, e]) => ({
      sessionId: id,
      sender: e.ctl.sender,
      state: e.ctl.state,
      balance: ratFloor(e.ctl.balance()).toString(),
    }))
  }

  // ---- internals ---------------------------------------------------------------------------

  /** @throws PaymentRateLimitedError when one of `keys` has no failures left. */
  #assertNotLimited(keys: readonly string[]): void {
    const key = this.#failures.limited(keys)
    if (key !== undefined) throw new PaymentRateLimitedError(key)
  }

  /** @throws PaymentSenderMismatchError when the session is bound to another sender. */
  #assertSender(entry: SessionEntry, payment: Payment): void {
    const bound = entry.session?.sender ?? null
    if (bound && !sameSender(payment.sender, bound))
      throw new PaymentSenderMismatchError(payment.sender, bound)
  }

  /** A failed payment costs its address a token, and its sender one when the sender is proven. */
  #countFailure(result: ReceiveResult, addr: string[], boundSender: boolean): void {
    if (!result.error) return
    const proven = boundSender || result.verified > 0
    this.#failures.fail([...addr, ...(proven && result.sender ? senderKey(result.sender) : [])])
  }

  async #process(sessionId: string, payment: Payment): Promise<ReceiveResult> {
    const result = await this.receiver.handlePayment(sessionId, payment)
    const entry = this.#sessions.get(sessionId)
    if (entry && result.credited > 0) entry.credited = ratAdd(entry.credited, result.credit)
    this.safeEmit('payment', sessionId, result)
    return result
  }

  #entry(sessionId: string, session: PaymentSessionHandle | null): SessionEntry {
    let entry = this.#sessions.get(sessionId)
    if (entry) {
      if (session && !entry.session) {
        entry.session = session
        entry.signedSender = session.sender?.toLowerCase() ?? null
      }
      return entry
    }
    const ctl = new SessionPaymentController({
      sessionId,
      ledger: this.ledger,
      clock: this.#o.clock,
      expectedPixelsPerSecond: BigInt(Math.ceil(session?.expectedPixelsPerSecond ?? 0)),
      free: this.isFree(),
      ...(session?.sender ? { sender: session.sender as Address } : {}),
      ...pick(this.#o, ['prepaySeconds', 'graceSeconds', 'closeAfterSeconds']),
    })
    const e: SessionEntry = {
      session,
      signedSender: session?.sender?.toLowerCase() ?? null,
      ctl,
      paramsExpiry: null,
      credited: rational(0n),
      debited: rational(0n),
      lastBalanceAt: this.#o.clock.now(),
    }
    entry = e
    ctl.on('start', () => {
      e.session?.setOutputPaused(false, 'prepaid')
      this.safeEmit('sessionstate', sessionId, 'running', 'prepaid')
    })
    ctl.on('balance', (balance, price) => {
      e.lastBalanceAt = this.#o.clock.now()
      if (!e.session) return
      this.#send(e.session, {
        v: 1,
        type: 'balance',
        balance,
        credited: ratFloor(e.credited).toString(),
        debited: ratFloor(e.debited).toString(),
        pricePerUnit: (price?.pricePerUnit ?? 0n).toString(),
        pixelsPerUnit: (price?.pixelsPerUnit ?? 1n).toString(),
      })
    })
    ctl.on('paused', (reason) => {
      if (e.session) {
        this.#send(e.session, {
          v: 1,
          type: 'paused',
          reason: `${reason.code}: ${reason.shortMessage} (${reason.details})`,
        })
        e.session.setOutputPaused(true, reason.code)
      }
      this.safeEmit('sessionstate', sessionId, 'paused', reason.code)
    })
    ctl.on('resumed', () => {
      if (e.session) {
        this.#send(e.session, { v: 1, type: 'resumed' })
        e.session.setOutputPaused(false, 'paid')
      }
      this.safeEmit('sessionstate', sessionId, 'running', 'paid')
    })
    ctl.on('close', (reason) => {
      if (e.session) {
        this.#send(e.session, {
          v: 1,
          type: 'closing',
          reason: `${reason.code}: ${reason.shortMessage} (${reason.details})`,
        })
        void e.session.close(`payment: ${reason.code}`)
      }
      this.safeEmit('sessionstate', sessionId, 'closed', reason.code)
    })
    this.#sessions.set(sessionId, entry)
    return entry
  }

  #send(session: PaymentSessionHandle, event: PaymentChannelEvent) {
    try {
      session.sendPaymentEvent(event as unknown as Record<string, unknown>)
    } catch {
      // channel closed: the session's own close path handles it
    }
  }

  #sendError(session: PaymentSessionHandle, seq: number | undefined, err: unknown) {
    const e: BaseError | null = isBaseError(err) ? err : null
    this.#send(session, {
      v: 1,
      type: 'paymentError',
      ...(seq !== undefined ? { seq } : {}),
      code: e?.code ?? 'PAYMENT_DECODE_FAILED',
      message: e?.shortMessage ?? (err instanceof Error ? err.message : String(err)),
    })
  }
}

/** The `ticketParams` data-channel message for issued params. */
export function ticketParamsMessage(p: IssuedTicketParams): PaymentChannelEvent {
  return {
    v: 1,
    type: 'ticketParams',
    ticketParams: ticketParamsToJson(p),
    price: priceToJson(p.price),
  }
}

function addressKey(address: string | undefined): string[] {
  return address ? [`addr:${address}`] : []
}

function senderKey(sender: string): string[] {
  return sender && sender !== '0x' ? [`sender:${sender.toLowerCase()}`] : []
}

function sameSender(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

function isRateLimited(err: unknown): boolean {
  return isBaseError(err) && err.code === 'PAYMENT_RATE_LIMITED'
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const out: Partial<Record<K, unknown>> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out as { [P in K]?: Exclude<T[P], undefined> }
}
