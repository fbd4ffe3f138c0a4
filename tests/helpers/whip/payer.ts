/**
 * Payer: the headless client's payment side. It wraps the gateway `PaymentSession` of
 * `@prism/protocol` with a private key: reads the sender's on-chain state, validates the quoted
 * ticket params (docs/protocol.md §3), signs tickets for each fee and produces the `payment` channel
 * message or the `Livepeer-Payment` header; node → gateway events (`balance`, `ticketParams`)
 * update it. Used with the WhipClient's `payment` data channel or with `POST /payment`.
 */
import {
  decodeOrchestratorInfo,
  type OrchestratorInfo,
  type PaymentChannelEvent,
  PaymentSession,
  type Rational,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** Chain reads the payer needs (the ChainClient satisfies it). */
export type PayerChain = {
  getBlockNumber(): Promise<bigint>
  getLastInitializedRound(): Promise<bigint>
  getSenderInfo(sender: Address): Promise<{
    deposit: bigint
    withdrawRound: bigint
    reserve: { fundsRemaining: bigint; claimedInCurrentRound: bigint }
  }>
}

/** Options of {@link Payer.create}. */
export type PayerOptions = {
  /** The orchestrator's base URL (for `GET /info?sender=`). */
  orchestratorUrl: string
  /** The sender's private key (ticket signer). */
  privateKey: Hex
  chain: PayerChain
  /** Gateway limits (§3). Defaults: go-livepeer's (3e12 / 2e13 wei, multiplier 1). */
  maxTicketEV?: bigint
  maxTotalEV?: bigint
  depositMultiplier?: bigint
}

/** One payment ready to send. */
export type PayerPayment = {
  /** `Livepeer-Payment` header value. */
  header: string
  /** The `payment` data-channel message. */
  message: { v: 1; type: 'payment'; seq: number; payment: string }
  tickets: number
}

/**
 * Pays an orchestrator with probabilistic tickets.
 *
 * @example
 * const payer = await Payer.create({ orchestratorUrl, privateKey, chain })
 * const p = await payer.pay(rational(10n ** 15n))
 * client.payment.send(JSON.stringify(p.message))
 * client.on('payment', (m) => payer.handleEvent(m))
 */
export class Payer {
  readonly address: Address
  readonly info: OrchestratorInfo
  readonly #session: PaymentSession
  readonly #chain: PayerChain
  readonly #state: { block: bigint; round: bigint }
  #seq = 0

  private constructor(
    info: OrchestratorInfo,
    session: PaymentSession,
    chain: PayerChain,
    address: Address,
    state: { block: bigint; round: bigint },
  ) {
    this.info = info
    this.#session = session
    this.#chain = chain
    this.address = address
    this.#state = state
  }

  /**
   * Fetches `/info?sender=` and builds the session.
   *
   * @throws the orchestrator's error (`SENDER_RESERVE_MISSING`, …) when it refuses params, and the
   *   gateway checks of PaymentSession (`TICKET_EV_TOO_HIGH`, `TICKET_FACE_VALUE_TOO_HIGH`, …).
   */
  static async create(opts: PayerOptions): Promise<Payer> {
    const account = privateKeyToAccount(opts.privateKey)
    const res = await fetch(`${opts.orchestratorUrl}/info?sender=${account.address}`)
    const body = (await res.json()) as unknown
    if (!res.ok) {
      const e = body as { code?: string; message?: string }
      throw Object.assign(new Error(`${e.code ?? res.status}: ${e.message ?? 'info failed'}`), {
        code: e.code,
      })
    }
    const info = decodeOrchestratorInfo(body)
    const [block, round, sender] = await Promise.all([
      opts.chain.getBlockNumber(),
      opts.chain.getLastInitializedRound(),
      opts.chain.getSenderInfo(account.address),
    ])
    const state = { block, round }
    const session = new PaymentSession({
      info,
      signer: account,
      currentBlock: () => state.block,
      lastInitializedRound: () => state.round,
      senderInfo: {
        deposit: sender.deposit,
        reserve: sender.reserve.fundsRemaining,
        withdrawRound: sender.withdrawRound,
      },
      ...(opts.maxTicketEV !== undefined ? { maxTicketEV: opts.maxTicketEV } : {}),
      ...(opts.maxTotalEV !== undefined ? { maxTotalEV: opts.maxTotalEV } : {}),
      ...(opts.depositMultiplier !== undefined ? { depositMultiplier: opts.depositMultiplier } : {}),
    })
    return new Payer(info, session, opts.chain, account.address, state)
  }

  /** The wrapped gateway session (credit, nonce, params). */
  get session(): PaymentSession {
    return this.#session
  }

  /**
   * Signs enough tickets to cover `fee` wei beyond the current credit.
   *
   * @throws TICKET_PARAMS_EXPIRED (wait for fresh `ticketParams`), PRICE_DOUBLED, TICKET_NONCE_LIMIT.
   */
  async pay(fee: Rational): Promise<PayerPayment> {
    const [block, round] = await Promise.all([
      this.#chain.getBlockNumber(),
      this.#chain.getLastInitializedRound(),
    ])
    this.#state.block = block
    this.#state.round = round
    const p = await this.#session.createPayment(fee)
    const seq = ++this.#seq
    return {
      header: p.header,
      message: { v: 1, type: 'payment', seq, payment: p.header },
      tickets: p.tickets,
    }
  }

  /** Feeds a node → gateway payment-channel event (`balance`, `ticketParams`; others are ignored). */
  handleEvent(event: PaymentChannelEvent | Record<string, unknown>): void {
    const e = event as PaymentChannelEvent
    if (e.type === 'balance') this.#session.handleBalance(e.balance)
    else if (e.type === 'ticketParams') this.#session.handleTicketParams(e.ticketParams, e.price)
  }
}
