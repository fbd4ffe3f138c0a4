import type { BaseError } from '../errors/base.ts'
import { type Rational, ratCompare, rational, ratMul } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import type { PaymentChannelEvent } from '../messages/paymentChannel.ts'
import { ticketsNeeded } from '../pricing/ticketsNeeded.ts'
import type { OrchestratorPayerOptions, PayerPayment } from './OrchestratorPayerTypes.ts'
import { PaymentSession } from './PaymentSession.ts'

const REFUSAL = /^(TICKET_|PRICE_|SENDER_)/

/**
 * True when `err` is the gateway refusing the orchestrator's terms (ticket params, price, its own
 * sender state): the caller should leave that orchestrator. Other errors (a failed fetch, a
 * decode error) are transient.
 * @example if (isPaymentRefusal(err)) session.fail('payment-refused', err.message)
 */
export function isPaymentRefusal(err: unknown): err is BaseError {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && REFUSAL.test(code)
}

/**
 * The gateway's payer for one orchestrator, whatever the transport: it opens a
 * {@link PaymentSession} from the orchestrator's info, prepays, tops the credit up before it runs
 * low, fetches fresh params before they expire or run out of nonces, takes the node's `balance`
 * and `ticketParams` events, and refuses (throws PRICE_DOUBLED or the params' own codes, see
 * {@link isPaymentRefusal}) when the price more than doubled or the params are unacceptable.
 * It returns payments; the caller sends them (data channel, `Livepeer-Payment` header).
 *
 * @example
 * const payer = new OrchestratorPayer({ fetchInfo, signer, readChain, pixelsPerSecond })
 * const p = await payer.prepay()
 * if (p && p.tickets > 0) channel.send(JSON.stringify(p.message))
 * channel.onmessage = (e) => payer.handleEvent(decodePaymentChannelEvent(JSON.parse(e.data)))
 */
export class OrchestratorPayer {
  readonly #o: OrchestratorPayerOptions
  #opening: Promise<PaymentSession | undefined> | undefined
  #session: PaymentSession | undefined
  #info: OrchestratorInfo | undefined
  #free = false
  #block = 0n
  #round: bigint | undefined
  #seq = 0

  constructor(options: OrchestratorPayerOptions) {
    this.#o = options
  }

  /** The orchestrator's info as last fetched (undefined before {@link open}). */
  get info(): OrchestratorInfo | undefined {
    return this.#info
  }

  /** The payment session (undefined before {@link open} and for a free orchestrator). */
  get session(): PaymentSession | undefined {
    return this.#session
  }

  /** True when the orchestrator quoted price 0 and no ticket params: nothing to pay. */
  get free(): boolean {
    return this.#free
  }

  /**
   * Fetches the info and opens the session, once (concurrent calls share it).
   *
   * @returns the session, or undefined for a free orchestrator.
   * @throws the fetch's errors; PaymentSession's checks (TICKET_PARAMS_MISSING, TICKET_EV_TOO_HIGH,
   *   SENDER_RESERVE_MISSING, …).
   */
  open(): Promise<PaymentSession | undefined> {
    this.#opening ??= this.#open().catch((err: unknown) => {
      this.#opening = undefined
      throw err
    })
    return this.#opening
  }

  /**
   * Pays `fee` wei beyond the credit (see PaymentSession.createPayment), after refreshing the chain
   * time and, when needed, the params. `fee` may be a function of the session's price per pixel.
   *
   * @returns the payment (possibly of 0 tickets), or undefined for a free orchestrator.
   * @throws PRICE_DOUBLED, TICKET_TOTAL_EV_TOO_HIGH, the params' codes after a refresh, and the
   *   errors of {@link open}.
   * @example const p = await payer.pay((price) => ratMul(price, rational(pixels)))
   */
  async pay(fee: Rational | ((pricePerPixel: Rational) => Rational)): Promise<PayerPayment | undefined> {
    await this.#readChain()
    const session = await this.open()
    if (!session) return undefined
    const amount = typeof fee === 'function' ? fee(session.price) : fee
    const margin = Math.max(this.#o.refreshMargin ?? 2, ticketsNeeded(amount, session.ev, session.credit))
    if (session.needsRefresh(margin)) await this.refreshParams()
    const result = await session.createPayment(amount)
    const seq = ++this.#seq
    return { ...result, seq, message: { v: 1, type: 'payment', seq, payment: result.header } }
  }

  /**
   * Pays for `prepaySeconds` of output at `pixelsPerSecond` (one ticket when that is 0).
   * @throws as {@link pay}.
   */
  prepay(): Promise<PayerPayment | undefined> {
    return this.pay((price) => this.#secondsOf(price, this.#o.prepaySeconds ?? 60))
  }

  /**
   * Keeps the session going: refreshes params that are about to run out, and pays for
   * `prepaySeconds` more when the credit covers fewer than `lowWaterSeconds` of output.
   *
   * @returns the top-up, or undefined when none was needed (or the payer is not open).
   * @throws as {@link pay}.
   */
  async topUp(): Promise<PayerPayment | undefined> {
    const session = this.#session
    if (!session) return undefined
    await this.#readChain()
    if (session.needsRefresh(this.#o.refreshMargin ?? 2)) await this.refreshParams()
    const low = this.#secondsOf(session.price, this.#o.lowWaterSeconds ?? 20)
    if (ratCompare(session.credit, low) >= 0) return undefined
    return this.prepay()
  }

  /**
   * Fetches the info again and takes its params and price.
   * @throws PRICE_DOUBLED, the params' codes (TICKET_RECIPIENT_INVALID, TICKET_PARAMS_EXPIRED, …).
   */
  async refreshParams(): Promise<void> {
    const session = this.#session
    if (!session) return
    const info = await this.#o.fetchInfo()
    this.#info = info
    if (!info.ticketParams) return
    session.handleTicketParams(info.ticketParams, this.#priceOf(info))
    session.assertPrice()
  }

  /**
   * A node → gateway payment-channel event: `balance` sets the credit, `ticketParams` replaces the
   * params and price. Other events are the caller's (status, closing).
   * @throws PRICE_DOUBLED, the params' codes (TICKET_RECIPIENT_INVALID, …), RATIONAL_INVALID.
   */
  handleEvent(event: PaymentChannelEvent): void {
    const session = this.#session
    if (!session) return
    if (event.type === 'balance') session.handleBalance(event.balance)
    else if (event.type === 'ticketParams') {
      session.handleTicketParams(event.ticketParams, event.price)
      session.assertPrice()
    }
  }

  async #open(): Promise<PaymentSession | undefined> {
    const info = await this.#o.fetchInfo()
    this.#info = info
    const price = this.#priceOf(info)
    if (!info.ticketParams && price.pricePerUnit === '0') {
      this.#free = true
      return undefined
    }
    const senderInfo = await this.#o.senderInfo?.()
    if (this.#block === 0n) await this.#readChain()
    const o = this.#o
    this.#session = new PaymentSession({
      info,
      signer: o.signer,
      currentBlock: () => this.#block,
      lastInitializedRound: () => this.#round,
      price,
      ...(senderInfo ? { senderInfo } : {}),
      ...(o.maxTicketEV !== undefined ? { maxTicketEV: o.maxTicketEV } : {}),
      ...(o.maxTotalEV !== undefined ? { maxTotalEV: o.maxTotalEV } : {}),
      ...(o.depositMultiplier !== undefined ? { depositMultiplier: o.depositMultiplier } : {}),
    })
    return this.#session
  }

  async #readChain(): Promise<void> {
    const t = await this.#o.readChain()
    this.#block = t.block
    if (t.lastInitializedRound !== undefined) this.#round = t.lastInitializedRound
  }

  #priceOf(info: OrchestratorInfo) {
    return this.#o.priceFor?.(info) ?? info.price
  }

  #secondsOf(price: Rational, seconds: number): Rational {
    const pixels = BigInt(Math.ceil((this.#o.pixelsPerSecond ?? 0) * seconds))
    return ratMul(price, rational(pixels))
  }
}
