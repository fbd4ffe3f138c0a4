/**
 * Live AI payments as go-livepeer's gateway makes them: the start request carries tickets for the
 * initial credit (60 s of 1280×720×30 pixels at the quoted price, from a fresh zero balance), and
 * every payment interval, when a segment was published, `POST /payment` pays for the wall time
 * since the last billed instant (27,648,000 pixels per second) with `Livepeer-Payment` and a
 * `Livepeer-Segment` naming the orchestrator's manifest id. The credit model is the segment path's
 * (PaymentSession), the debit applied at once; a `PaymentResult`'s info brings new ticket params.
 * Payment failures are reported and otherwise ignored. An orchestrator that quotes no ticket
 * params (off chain, or free) gets an empty payment and no `/payment` calls.
 */
import {
  buildSegData,
  decodeWire,
  LIVE_INITIAL_CREDIT_PIXELS,
  LIVE_PAYMENT_INTERVAL_SECONDS,
  livePixels,
  net,
  PaymentSession,
  rational,
  ratMul,
  segDataToHeader,
  signSegData,
} from '@prism/protocol'
import type { LocalAccount } from 'viem'
import { httpCall } from '../dispatch/httpClient.ts'
import { infoView } from '../dispatch/infoView.ts'

/** What the gateway pays live AI with (on chain). */
export type LivePaymentConfig = {
  account: LocalAccount
  getBlockNumber: () => Promise<bigint>
  /** Payment interval, ms. Default: 5 s. */
  intervalMs?: number
  maxTicketEV?: bigint
  maxTotalEV?: bigint
}

/**
 * Payments of one live AI job.
 * @example
 * const payer = new LivePayer(config, uri, info, capabilities)
 * const header = await payer.initialHeader()          // the start request's Livepeer-Payment
 * await payer.tick(manifestId)                         // after each published segment
 */
export class LivePayer {
  /** `POST /payment` calls that succeeded. */
  paid = 0
  private readonly session: PaymentSession | undefined
  private block = 0n
  private lastBilled = Date.now()
  private info: net.OrchestratorInfo

  constructor(
    private readonly config: LivePaymentConfig,
    private readonly uri: string,
    info: net.OrchestratorInfo,
    private readonly capabilities: net.Capabilities,
  ) {
    this.info = info
    this.session = info.ticketParams
      ? new PaymentSession({
          info: infoView(info, uri),
          signer: config.account,
          currentBlock: () => this.block,
          ...(config.maxTicketEV === undefined ? {} : { maxTicketEV: config.maxTicketEV }),
          ...(config.maxTotalEV === undefined ? {} : { maxTotalEV: config.maxTotalEV }),
        })
      : undefined
  }

  /**
   * The start request's `Livepeer-Payment`: tickets for the initial credit ('' when the
   * orchestrator quotes no ticket params).
   * @throws the PaymentSession's errors (expired params, EV limits): the orchestrator is skipped.
   */
  async initialHeader(): Promise<string> {
    if (!this.session) return ''
    this.block = await this.config.getBlockNumber()
    const p = await this.session.createPayment(
      ratMul(rational(LIVE_INITIAL_CREDIT_PIXELS), this.session.price),
    )
    this.lastBilled = Date.now()
    return p.header
  }

  /**
   * Pays for the time since the last billed instant once the interval has passed.
   * @returns the error of a failed payment (the stream goes on), else undefined.
   */
  async tick(manifestId: string): Promise<unknown> {
    const session = this.session
    if (!session) return undefined
    const now = Date.now()
    if (now - this.lastBilled < (this.config.intervalMs ?? LIVE_PAYMENT_INTERVAL_SECONDS * 1000))
      return undefined
    const units = livePixels(now - this.lastBilled)
    this.lastBilled = now
    try {
      this.block = await this.config.getBlockNumber()
      const payment = await session.createPayment(ratMul(rational(units), session.price))
      const seg = buildSegData({
        manifestId,
        capabilities: this.capabilities,
        ...(this.info.authToken ? { authToken: this.info.authToken } : {}),
      })
      seg.sig = await signSegData(this.config.account, seg)
      const res = await httpCall({
        method: 'POST',
        url: `${this.uri.replace(/\/+$/, '')}/payment`,
        headers: { 'livepeer-payment': payment.header, 'livepeer-segment': segDataToHeader(seg) },
        headerTimeoutMs: 5000,
        totalTimeoutMs: 5000,
        maxBodyBytes: 1024 * 1024,
      })
      if (res.status !== 200) throw new Error(`POST /payment: ${res.status} ${res.body.toString().trim()}`)
      const info = decodeWire(net.PaymentResultSchema, new Uint8Array(res.body)).info
      if (info?.ticketParams) {
        if (!info.authToken) info.authToken = this.info.authToken
        this.info = info
        const view = infoView(info, this.uri)
        if (view.ticketParams) session.handleTicketParams(view.ticketParams, view.price)
      }
      this.paid++
      return undefined
    } catch (err) {
      return err
    }
  }
}
