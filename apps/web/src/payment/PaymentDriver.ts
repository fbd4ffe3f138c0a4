import {
  decodePaymentChannelEvent,
  isPaymentRefusal,
  type OrchestratorInfo,
  OrchestratorPayer,
  type PayerPayment,
  type PaymentChannelEvent,
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
  /** Max EV per ticket and per payment, wei. Default: the payer's (go-livepeer's 3e12 and 2e13). */
  limits?: { maxTicketEV: bigint; maxTotalEV: bigint } | undefined
}

/**
 * Drives an {@link OrchestratorPayer} (from @prism/protocol) for one stream session over its
 * `payment` data channel: prepays when the channel opens, tops up every few seconds and after a
 * `paused`, feeds the node's `balance` and `ticketParams` events to the payer, and when the payer
 * refuses (the price more than doubled, unacceptable params or sender state) fails the session
 * with `payment-refused`, so the gateway swaps. Every payment is counted in the ledger.
 */
export class PaymentDriver implements SessionAttachment {
  #o: PaymentDriverOptions
  #payer: OrchestratorPayer
  #closed = false
  #refused = false
  #busy: Promise<void> = Promise.resolve()
  #timer: ReturnType<typeof setInterval>
  #offs: (() => void)[] = []

  constructor(options: PaymentDriverOptions) {
    this.#o = options
    const s = options.session
    const pipeline = s.pipeline as WebPipelineSpec
    const { clock } = options
    this.#payer = new OrchestratorPayer({
      fetchInfo: options.fetchInfo,
      signer: options.signer,
      readChain: async () => {
        await clock.refresh()
        return { block: clock.block, lastInitializedRound: clock.lastInitializedRound }
      },
      senderInfo: () => options.sender(),
      priceFor: (info) => info.pipelines.find((p) => p.kind === pipeline.kind)?.price,
      pixelsPerSecond: expectedPixelRate(pipeline, options.inputSize()),
      ...(options.prepaySeconds !== undefined ? { prepaySeconds: options.prepaySeconds } : {}),
      ...(options.lowWaterSeconds !== undefined ? { lowWaterSeconds: options.lowWaterSeconds } : {}),
      ...(options.limits ?? {}),
    })
    this.#offs.push(s.events.on('paymentOpen', () => this.#enqueue('prepayment', () => this.#payer.prepay())))
    this.#offs.push(s.events.on('payment', (msg) => this.#handleEvent(msg)))
    this.#timer = setInterval(
      () => this.#enqueue('keeping the balance positive', () => this.#payer.topUp()),
      3000,
    )
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

  #enqueue(why: string, pay: () => Promise<PayerPayment | undefined>) {
    this.#busy = this.#busy
      .then(async () => {
        if (this.#closed || this.#refused) return
        this.#send(await pay(), why)
      })
      .catch((err: unknown) => this.#refuse(err))
  }

  #send(p: PayerPayment | undefined, why: string) {
    const ledger = this.#o.ledger
    const session = this.#payer.session
    if (this.#payer.free) ledger.update({ status: 'free orchestrator: no payment needed', pricePerPixel: 0 })
    if (session) ledger.update({ pricePerPixel: ratToNumber(session.price) })
    if (!p || this.#closed || p.tickets === 0) return
    if (!this.#o.session.sendPayment(p.message)) return
    ledger.add({ ticketsSent: p.tickets, payments: 1, evPaid: ratToNumber(p.ev) * p.tickets })
    ledger.update({ status: `paying (${why})` })
    this.#o.metrics?.push('spendWei', performance.now(), ledger.state.evPaid)
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
    try {
      this.#payer.handleEvent(event)
    } catch (err) {
      this.#refuse(err)
      return
    }
    switch (event.type) {
      case 'balance':
        ledger.update({ balance: Number(event.balance) })
        break
      case 'paymentAck':
        ledger.add({ ticketsAccepted: event.accepted, winningTickets: event.winners })
        break
      case 'paymentError':
        ledger.error(`${event.code}: ${event.message}`)
        break
      case 'ticketParams': {
        const session = this.#payer.session
        if (session) ledger.update({ pricePerPixel: ratToNumber(session.price) })
        break
      }
      case 'paused':
        ledger.update({ status: `paused by the node: ${event.reason}` })
        this.#enqueue('resume after pause', () => this.#payer.prepay())
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
    if (this.#closed || this.#refused) return
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    const code = (err as { code?: string }).code
    this.#o.ledger.error(`${code ?? 'error'}: ${message}`)
    // Only the gateway's own refusals (params, price, sender state) leave the orchestrator;
    // transient errors (an /info fetch failing once) are retried by the next maintenance tick.
    if (!isPaymentRefusal(err)) return
    this.#refused = true
    this.#o.ledger.update({ status: `refused: ${message}` })
    this.#o.session.fail('payment-refused', `${err.code}: ${message}`)
  }
}
