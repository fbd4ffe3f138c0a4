/**
 * Live AI payments as go-livepeer's gateway makes them: the start request carries tickets for the
 * initial credit (60 s of 1280×720×30 pixels at the quoted price, from a fresh zero balance), and
 * every payment interval, when a segment was published, `POST /payment` pays for the wall time
 * since the last billed instant (27,648,000 pixels per second) with `Livepeer-Payment` and a
 * `Livepeer-Segment` naming the orchestrator's manifest id. The credit model is the segment path's
 * (PaymentSession), the debit applied at once; a `PaymentResult`'s info brings new ticket params.
 * Payment failures are reported and otherwise ignored. An orchestrator that quotes no ticket
 * params (off chain, or free) gets an empty payment and no `/payment` calls.
 *
 * Before paying, a stale session is refreshed with `GetOrchestrator` (the caller's `refresh`): when
 * the auth token is within 180 s of its expiry, or the ticket params are expired (expiration block −
 * latest block ≤ 1) or out of nonces. The new auth token goes into the `Livepeer-Segment` of the
 * following payments (the balance stays keyed by the job's manifest id), the new ticket params and
 * price into the payment session.
 */
import {
  authTokenNeedsRefresh,
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
  /** Clock of the auth token's expiry check. Default: Date. */
  clock?: { now(): number }
}

/** Fetches a new OrchestratorInfo for the job's orchestrator (GetOrchestrator, capacity check skipped). */
export type LiveSessionRefresh = () => Promise<net.OrchestratorInfo>

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
  /** Sessions refreshed (GetOrchestrator) before a payment. */
  refreshed = 0
  private readonly session: PaymentSession | undefined
  private block = 0n
  private lastBilled = Date.now()
  private info: net.OrchestratorInfo

  constructor(
    private readonly config: LivePaymentConfig,
    private readonly uri: string,
    info: net.OrchestratorInfo,
    private readonly capabilities: net.Capabilities,
    private readonly refresh?: LiveSessionRefresh,
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
      if (this.refresh && this.stale(session)) await this.refreshSession(session, this.refresh)
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

  /** True when the auth token is about to expire or the ticket params cannot pay any more. */
  private stale(session: PaymentSession): boolean {
    const token = this.info.authToken
    const now = BigInt(Math.floor((this.config.clock ?? Date).now() / 1000))
    return (token !== undefined && authTokenNeedsRefresh(token, now)) || session.needsRefresh()
  }

  /** GetOrchestrator again: a new auth token, ticket params and price. */
  private async refreshSession(session: PaymentSession, refresh: LiveSessionRefresh): Promise<void> {
    const info = await refresh()
    if (!info.authToken) info.authToken = this.info.authToken
    this.info = info
    this.refreshed++
    const view = infoView(info, this.uri)
    if (view.ticketParams) session.handleTicketParams(view.ticketParams, view.price)
  }
}
