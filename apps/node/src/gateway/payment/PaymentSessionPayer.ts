/**
 * The gateway's segment payer: one @prism/protocol `OrchestratorPayer` per orchestrator, opened
 * from `GET /info?sender=` and refreshed by it when its params expire or run out of nonces. Each
 * segment pays estimateFee(profiles, duration, price) (docs/protocol.md §5.2/§5.3) in the
 * `Livepeer-Payment` header; when the orchestrator answers, the credit is corrected by the
 * difference between the estimate and the pixels it reports; a failed segment loses the credit,
 * as go-livepeer does.
 */
import {
  decodeOrchestratorInfo,
  estimateFee,
  OrchestratorPayer,
  type Rational,
  ratAdd,
  rational,
  ratMul,
  ratSub,
  TicketParamsMissingError,
} from '@prism/protocol'
import type { LocalAccount } from 'viem'
import { GatewayOrchestratorError } from '../errors.ts'
import type { SegmentPayer, SegmentPaymentRequest } from './SegmentPayer.ts'

/** Fetch fresh params when fewer nonces than this remain (a segment may need several tickets). */
const REFRESH_MARGIN = 8

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

/**
 * Pays orchestrators for segments with probabilistic tickets.
 *
 * @example
 * const payer = new PaymentSessionPayer({ account, getBlockNumber: () => getBlockNumber(client) })
 * new Gateway({ account, payer, orchAddrs, profiles })
 */
export class PaymentSessionPayer implements SegmentPayer {
  readonly sender: `0x${string}`
  readonly #payers = new Map<string, OrchestratorPayer>()
  readonly #fees = new Map<string, Rational>()
  readonly #opts: PaymentSessionPayerOptions
  /** Tickets sent so far, all orchestrators. */
  ticketsSent = 0

  constructor(opts: PaymentSessionPayerOptions) {
    this.#opts = opts
    this.sender = opts.account.address
  }

  async #fetchInfo(uri: string) {
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

  #payer(uri: string): OrchestratorPayer {
    let payer = this.#payers.get(uri)
    if (!payer) {
      const o = this.#opts
      payer = new OrchestratorPayer({
        fetchInfo: () => this.#fetchInfo(uri),
        signer: o.account,
        readChain: async () => ({ block: await o.getBlockNumber() }),
        refreshMargin: REFRESH_MARGIN,
        ...(o.maxTicketEV === undefined ? {} : { maxTicketEV: o.maxTicketEV }),
        ...(o.maxTotalEV === undefined ? {} : { maxTotalEV: o.maxTotalEV }),
      })
      this.#payers.set(uri, payer)
    }
    return payer
  }

  /** @inheritdoc */
  async paymentFor(req: SegmentPaymentRequest): Promise<{ header: string; tickets: number }> {
    let fee: Rational | undefined
    const p = await this.#payer(req.uri).pay((price) => {
      fee = estimateFee(req.profiles, req.durationMs / 1000, price)
      return fee
    })
    // A free orchestrator quotes no ticket params; a segment payment needs them.
    if (!p || !fee) throw new TicketParamsMissingError()
    this.#fees.set(req.uri, fee)
    this.ticketsSent += p.tickets
    return { header: p.header, tickets: p.tickets }
  }

  /** @inheritdoc */
  handleResult(req: SegmentPaymentRequest, pixels: bigint): void {
    const s = this.#payers.get(req.uri)?.session
    const fee = this.#fees.get(req.uri)
    if (!s || !fee) return
    const actual = ratMul(rational(pixels), s.price)
    s.handleBalance(ratAdd(s.credit, ratSub(fee, actual)))
  }

  /** @inheritdoc */
  handleFailure(req: SegmentPaymentRequest): void {
    this.#payers.get(req.uri)?.session?.handleBalance(0n)
  }
}
