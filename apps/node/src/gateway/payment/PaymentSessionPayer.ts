/**
 * The gateway's segment payer over the protocol package's `PaymentSession`: one session per
 * orchestrator, created from `GET /info?sender=`, refreshed when its params expire or run out of
 * nonces. Each segment pays estimateFee(profiles, duration, price) (docs/protocol.md §5.2/§5.3); when the
 * orchestrator answers, the credit is corrected by the difference between the estimate and the
 * pixels it reports; a failed segment loses the credit, as go-livepeer does.
 */
import {
  decodeOrchestratorInfo,
  estimateFee,
  PaymentSession,
  type Rational,
  ratAdd,
  rational,
  ratMul,
  ratSub,
} from '@prism/protocol'
import type { LocalAccount } from 'viem'
import { GatewayOrchestratorError } from '../errors.ts'
import type { SegmentPayer, SegmentPaymentRequest } from './SegmentPayer.ts'

/** Options of {@link PaymentSessionPayer}. */
export type PaymentSessionPayerOptions = {
  /** The ticket sender (a funded TicketBroker account). */
  account: LocalAccount
  /** Latest L1 block number (e.g. a viem public client's getBlockNumber). */
  getBlockNumber: () => Promise<bigint>
  /** Max EV per ticket, wei. Default: PaymentSession's (3e12). */
  maxTicketEV?: bigint
  /** Max EV per payment, wei. Default: PaymentSession's (2e13). */
  maxTotalEV?: bigint
}

/**
 * Pays orchestrators for segments with probabilistic tickets.
 *
 * @example
 * const payer = new PaymentSessionPayer({ account, getBlockNumber: () => client.getBlockNumber() })
 * new Gateway({ account, payer, orchAddrs, profiles })
 */
export class PaymentSessionPayer implements SegmentPayer {
  readonly sender: `0x${string}`
  private readonly sessions = new Map<string, PaymentSession>()
  private readonly fees = new Map<string, Rational>()
  private block = 0n
  private readonly opts: PaymentSessionPayerOptions
  /** Tickets sent so far, all orchestrators. */
  ticketsSent = 0

  constructor(opts: PaymentSessionPayerOptions) {
    this.opts = opts
    this.sender = opts.account.address
  }

  private async fetchInfo(uri: string) {
    let res: Response
    try {
      res = await fetch(`${uri}/info?sender=${this.sender}`, { signal: AbortSignal.timeout(8000) })
    } catch (err) {
      throw new GatewayOrchestratorError(uri, 0, `GET /info: ${(err as Error).message}`, err)
    }
    const body = await res.text()
    if (res.status !== 200)
      throw new GatewayOrchestratorError(uri, res.status, `GET /info: ${body.slice(0, 300)}`)
    return decodeOrchestratorInfo(JSON.parse(body))
  }

  private async session(uri: string): Promise<PaymentSession> {
    this.block = await this.opts.getBlockNumber()
    let s = this.sessions.get(uri)
    if (!s) {
      const info = await this.fetchInfo(uri)
      s = new PaymentSession({
        info,
        signer: this.opts.account,
        currentBlock: () => this.block,
        ...(this.opts.maxTicketEV === undefined ? {} : { maxTicketEV: this.opts.maxTicketEV }),
        ...(this.opts.maxTotalEV === undefined ? {} : { maxTotalEV: this.opts.maxTotalEV }),
      })
      this.sessions.set(uri, s)
    } else if (s.needsRefresh(8)) {
      const info = await this.fetchInfo(uri)
      if (info.ticketParams) s.handleTicketParams(info.ticketParams, info.price)
    }
    return s
  }

  /** @inheritdoc */
  async paymentFor(req: SegmentPaymentRequest): Promise<{ header: string; tickets: number }> {
    const s = await this.session(req.uri)
    const fee = estimateFee(req.profiles, req.durationMs / 1000, s.price)
    const p = await s.createPayment(fee)
    this.fees.set(req.uri, fee)
    this.ticketsSent += p.tickets
    return { header: p.header, tickets: p.tickets }
  }

  /** @inheritdoc */
  handleResult(req: SegmentPaymentRequest, pixels: bigint): void {
    const s = this.sessions.get(req.uri)
    const fee = this.fees.get(req.uri)
    if (!s || !fee) return
    const actual = ratMul(rational(pixels), s.price)
    s.handleBalance(ratAdd(s.credit, ratSub(fee, actual)))
  }

  /** @inheritdoc */
  handleFailure(req: SegmentPaymentRequest): void {
    this.sessions.get(req.uri)?.handleBalance(0n)
  }
}
