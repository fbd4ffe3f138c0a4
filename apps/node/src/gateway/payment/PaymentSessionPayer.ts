/**
 * The gateway's segment payer, with go-livepeer's credit model: one @prism/protocol
 * `PaymentSession` per (orchestrator, auth token session), opened from the session's
 * OrchestratorInfo and given each newer one's ticket params (GetOrchestrator refreshes and every
 * TranscodeResult's `info`). A segment's fee is estimated as Σ w × h × ⌈fps⌉ × ⌈seconds⌉ × 1.02 ×
 * price; its payment carries ⌈(max(fee, ticket EV) − credit) / ticket EV⌉ tickets (none when the
 * credit covers it) and the price exactly as the orchestrator quoted it. When the orchestrator
 * answers, the credit becomes credit + new tickets' EV − price × the pixels it reports; a segment
 * sent without a result loses the credit. A session's first payment prepays: it covers twice the
 * first segment's estimate, so that the orchestrator's balance check never refuses segment 0 (whose
 * real length, e.g. a WHIP stream's first cut waiting for a keyframe, can exceed its estimate); the
 * surplus stays as credit for the next segment.
 *
 * The session's `GetOrchestrator` refreshes belong to the gateway's OrchestratorSessions, not to
 * the payer: a refresh changes the auth token (a new session and balance on the orchestrator),
 * which here is a new PaymentSession with no credit.
 */
import {
  estimateFee,
  PaymentSession,
  paymentToHeader,
  type Rational,
  ratAdd,
  rational,
  ratMul,
  ratSub,
} from '@prism/protocol'
import type { Hex, LocalAccount } from 'viem'
import { infoView } from '../dispatch/infoView.ts'
import type { SegmentPayer, SegmentPaymentRequest } from './SegmentPayer.ts'

/** Options of {@link PaymentSessionPayer}. */
export type PaymentSessionPayerOptions = {
  /** The ticket sender (a funded TicketBroker account). */
  account: LocalAccount
  /** Latest L1 block number (e.g. `getBlockNumber(client)`). */
  getBlockNumber: () => Promise<bigint>
  /** Max EV per ticket, wei. Default: PaymentSession's (3e12). */
  maxTicketEV?: bigint
  /** Max EV per payment, wei. Default: PaymentSession's (2e13). */
  maxTotalEV?: bigint
}

type Entry = { session: PaymentSession; paid: boolean }

function sessionKey(req: SegmentPaymentRequest): string {
  return req.info.authToken?.sessionId ?? req.uri
}

/**
 * Pays orchestrators for segments with probabilistic tickets.
 *
 * @example
 * const payer = new PaymentSessionPayer({ account, getBlockNumber: () => getBlockNumber(client) })
 * new Gateway({ account, payer, orchAddrs, profiles })
 */
export class PaymentSessionPayer implements SegmentPayer {
  readonly sender: `0x${string}`
  readonly #sessions = new Map<string, Entry>()
  /** The fee each payment in flight was made for (segments of a session may be in flight together). */
  readonly #fees = new WeakMap<SegmentPaymentRequest, Rational>()
  readonly #opts: PaymentSessionPayerOptions
  #block = 0n
  /** Tickets sent so far, all orchestrators. */
  ticketsSent = 0

  constructor(opts: PaymentSessionPayerOptions) {
    this.#opts = opts
    this.sender = opts.account.address
  }

  /** The credit held with (orchestrator, session), or undefined for a session never paid. */
  credit(sessionId: string): Rational | undefined {
    return this.#sessions.get(sessionId)?.session.credit
  }

  /** @inheritdoc */
  async paymentFor(req: SegmentPaymentRequest): Promise<{ header: string; tickets: number }> {
    const { info } = req
    if (!info.ticketParams) {
      // a free orchestrator quotes no params: the payment names the sender and echoes the price
      const price = info.priceInfo
      const header = paymentToHeader({
        sender: this.sender.toLowerCase() as Hex,
        ticketSenderParams: [],
        ...(price
          ? { expectedPrice: { pricePerUnit: price.pricePerUnit, pixelsPerUnit: price.pixelsPerUnit } }
          : {}),
      })
      return { header, tickets: 0 }
    }
    this.#block = await this.#opts.getBlockNumber()
    const entry = this.#entry(req)
    const estimate = estimateFee(req.profiles, req.durationMs / 1000, entry.session.price)
    const fee = entry.paid ? estimate : ratMul(estimate, rational(2n))
    entry.paid = true
    const p = await entry.session.createPayment(fee)
    this.#fees.set(req, fee)
    this.ticketsSent += p.tickets
    return { header: p.header, tickets: p.tickets }
  }

  /** @inheritdoc */
  handleResult(req: SegmentPaymentRequest, pixels: bigint): void {
    const e = this.#sessions.get(sessionKey(req))
    const fee = this.#fees.get(req)
    this.#fees.delete(req)
    if (!e || !fee) return
    // the estimate taken at payment time is replaced by the reported pixels' price
    const s = e.session
    s.handleBalance(ratSub(ratAdd(s.credit, fee), ratMul(rational(pixels), s.price)))
  }

  /** @inheritdoc */
  handleFailure(req: SegmentPaymentRequest): void {
    const e = this.#sessions.get(sessionKey(req))
    this.#fees.delete(req)
    if (!e) return
    e.session.handleBalance(0n)
  }

  /** @inheritdoc */
  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.#sessions.delete(id)
  }

  /** The session's PaymentSession, holding the params of `req.info`. */
  #entry(req: SegmentPaymentRequest): Entry {
    const key = sessionKey(req)
    const view = infoView(req.info, req.uri)
    const e = this.#sessions.get(key)
    if (!e) {
      const o = this.#opts
      const session = new PaymentSession({
        info: view,
        signer: o.account,
        currentBlock: () => this.#block,
        ...(o.maxTicketEV === undefined ? {} : { maxTicketEV: o.maxTicketEV }),
        ...(o.maxTotalEV === undefined ? {} : { maxTotalEV: o.maxTotalEV }),
      })
      const entry: Entry = { session, paid: false }
      this.#sessions.set(key, entry)
      return entry
    }
    const params = view.ticketParams
    if (params && params.recipientRandHash !== e.session.ticketParams.recipientRandHash)
      e.session.handleTicketParams(params, view.price)
    return e
  }
}
