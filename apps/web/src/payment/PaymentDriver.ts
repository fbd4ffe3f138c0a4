import {
  decodePaymentChannelEvent,
  type OrchestratorInfo,
  type PaymentChannelEvent,
  PaymentSession,
  rational,
  ratMul,
  ratToNumber,
} from '@prism/protocol'
import type { PrivateKeyAccount } from 'viem/accounts'
import type { MetricsStore } from '../metrics/MetricsStore.ts'
import type { SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import type { StreamSession } from '../session/StreamSession.ts'
import type { SenderState } from '../sessionKey/readSenderState.ts'
import type { ChainClock } from './ChainClock.ts'
import { expectedPixelRate } from './expectedPixelRate.ts'
import type { PaymentLedger } from './PaymentLedger.ts'

/** Options of {@link PaymentDriver}. */
export type PaymentDriverOptions = {
  session: StreamSession
  /** The session key: signs the tickets. */
  signer: PrivateKeyAccount
  /** Fetches fresh OrchestratorInfo with ticket params for our sender. */
  fetchInfo: () => Promise<OrchestratorInfo>
  clock: ChainClock
  sender: () => SenderState | undefined
  ledger: PaymentLedger
  metrics: MetricsStore | undefined
  /** Input size, for passthrough pricing. */
  inputSize: () => { width: number; height: number } | undefined
  /** Seconds of expected output prepaid at start. Default: 60 (the node's default prepayment). */
  prepaySeconds?: number
  /** Top up when the node's balance covers fewer seconds than this. Default: 20. */
  lowWaterSeconds?: number
}

/**
 * Drives a {@link PaymentSession} (from @prism/protocol) for one stream session from the node's
 * payment-channel events: prepays when the channel opens, tops up to keep the balance positive
 * on `balance` updates, takes fresh `ticketParams`, refreshes params from `/info` before they
 * expire, and refuses (fails the session with `payment-refused`, so the gateway swaps) when the
 * price more than doubled or params are unacceptable. Every payment is counted in the ledger.
 */
export class PaymentDriver implements SessionAttachment {
  #o: PaymentDriverOptions
  #payments: PaymentSession | undefined
  #seq = 0
  #closed = false
  #busy: Promise<void> = Promise.resolve()
  #pixelsPerSecond: number
  #timer: ReturnType<typeof setInterval>
  #offs: (() => void)[] = []

  constructor(options: PaymentDriverOptions) {
    this.#o = options
    this.#pixelsPerSecond = expectedPixelRate(
      options.session.pipeline as WebPipelineSpec,
      options.inputSize(),
    )
    const s = options.session
    this.#offs.push(s.events.on('paymentOpen', () => this.#enqueue(() => this.#prepay())))
    this.#offs.push(s.events.on('payment', (msg) => this.#handleEvent(msg)))
    this.#timer = setInterval(() => this.#enqueue(() => this.#maintain()), 3000)
    options.ledger.update({
      orchestrator: s.url,
      status: 'waiting for the payment channel',
      balance: undefined,
    })
  }

  close(): void {
    this.#closed = true
    clearInterval(this.#timer)
    for (const off of this.#offs) off()
  }

  #enqueue(fn: () => Promise<void>) {
    this.#busy = this.#busy.then(fn).catch((err: unknown) => this.#refuse(err))
  }

  async #ensureSession(): Promise<PaymentSession | undefined> {
    if (this.#payments) return this.#payments
    const info = await this.#o.fetchInfo()
    if (!info.ticketParams) {
      if (info.price.pricePerUnit === '0') {
        this.#o.ledger.update({ status: 'free orchestrator: no payment needed', pricePerPixel: 0 })
        return undefined
      }
    }
    const sender = this.#o.sender()
    await this.#o.clock.refresh()
    const kind = (this.#o.session.pipeline as WebPipelineSpec).kind
    const pipelinePrice = info.pipelines.find((p) => p.kind === kind)?.price
    this.#payments = new PaymentSession({
      info,
      signer: this.#o.signer,
      currentBlock: () => this.#o.clock.block,
      lastInitializedRound: () => this.#o.clock.lastInitializedRound,
      ...(sender
        ? {
            senderInfo: {
              deposit: sender.deposit,
              reserve: sender.reserve,
              withdrawRound: sender.withdrawRound,
            },
          }
        : {}),
      ...(pipelinePrice ? { price: pipelinePrice } : {}),
    })
    this.#o.ledger.update({ pricePerPixel: ratToNumber(this.#payments.price) })
    return this.#payments
  }

  async #pay(seconds: number, why: string): Promise<void> {
    if (this.#closed) return
    const session = await this.#ensureSession()
    if (!session) return
    if (session.needsRefresh()) await this.#refreshParams()
    const fee = ratMul(session.price, rational(BigInt(Math.ceil(this.#pixelsPerSecond * seconds))))
    const result = await session.createPayment(fee)
    if (this.#closed) return
    if (result.tickets === 0) return
    this.#seq += 1
    if (!this.#o.session.sendPayment({ v: 1, type: 'payment', seq: this.#seq, payment: result.header }))
      return
    const ev = ratToNumber(result.ev) * result.tickets
    this.#o.ledger.add({ ticketsSent: result.tickets, payments: 1, evPaid: ev })
    this.#o.ledger.update({ status: `paying (${why})` })
    this.#o.metrics?.push('spendWei', performance.now(), this.#o.ledger.state.evPaid)
  }

  async #prepay(): Promise<void> {
    await this.#pay(this.#o.prepaySeconds ?? 60, 'prepayment')
  }

  async #maintain(): Promise<void> {
    const session = this.#payments
    if (!session || this.#closed) return
    await this.#o.clock.refresh()
    if (session.needsRefresh(2)) await this.#refreshParams()
    const low = ratToNumber(session.price) * this.#pixelsPerSecond * (this.#o.lowWaterSeconds ?? 20)
    if (ratToNumber(session.credit) < low)
      await this.#pay(this.#o.prepaySeconds ?? 60, 'keeping the balance positive')
  }

  async #refreshParams(): Promise<void> {
    const info = await this.#o.fetchInfo()
    if (info.ticketParams && this.#payments) this.#payments.handleTicketParams(info.ticketParams, info.price)
  }

  #handleEvent(raw: unknown) {
    let event: PaymentChannelEvent
    try {
      event = decodePaymentChannelEvent(raw)
    } catch (err) {
      this.#o.ledger.error(
        `bad payment event: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      )
      return
    }
    const ledger = this.#o.ledger
    switch (event.type) {
      case 'balance':
        this.#payments?.handleBalance(event.balance)
        ledger.update({ balance: Number(event.balance) })
        break
      case 'paymentAck':
        ledger.add({ ticketsAccepted: event.accepted, winningTickets: event.winners })
        break
      case 'paymentError':
        ledger.error(`${event.code}: ${event.message}`)
        break
      case 'ticketParams':
        try {
          this.#payments?.handleTicketParams(event.ticketParams, event.price)
          if (this.#payments) ledger.update({ pricePerPixel: ratToNumber(this.#payments.price) })
        } catch (err) {
          this.#refuse(err)
        }
        break
      case 'paused':
        ledger.update({ status: `paused by the node: ${event.reason}` })
        this.#enqueue(() => this.#pay(this.#o.prepaySeconds ?? 60, 'resume after pause'))
        break
      case 'resumed':
        ledger.update({ status: 'paying (resumed)' })
        break
      case 'closing':
        ledger.update({ status: `closing: ${event.reason}` })
        this.#o.session.fail('payment-refused', `the node is closing the session: ${event.reason}`)
        break
    }
  }

  #refuse(err: unknown) {
    if (this.#closed) return
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    const code = (err as { code?: string }).code
    this.#o.ledger.error(`${code ?? 'error'}: ${message}`)
    // Only the gateway's own refusals (params, price, sender state) leave the orchestrator;
    // transient errors (an /info fetch failing once) are retried by the next maintenance tick.
    if (!code || !/^(TICKET_|PRICE_|SENDER_)/.test(code)) return
    this.#o.ledger.update({ status: `refused: ${message}` })
    this.#o.session.fail('payment-refused', code ? `${code}: ${message}` : message)
  }
}
