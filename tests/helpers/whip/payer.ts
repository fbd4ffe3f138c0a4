/**
 * Payer: the headless client's payment side, a thin adapter over @prism/protocol's
 * `OrchestratorPayer` with a private key: it reads the sender's on-chain state and the chain time
 * through the protocol chain actions, fetches `/info?sender=`, and produces the `payment` channel
 * message or the `Livepeer-Payment` header for each fee; node → gateway events (`balance`,
 * `ticketParams`) update it. Used with the WhipClient's `payment` data channel or with `POST /payment`.
 */
import {
  type ChainClient,
  decodeOrchestratorInfo,
  getBlockNumber,
  getLastInitializedRound,
  getSenderInfo,
  type OrchestratorInfo,
  OrchestratorPayer,
  type PayerPayment,
  type PaymentChannelEvent,
  type PaymentSession,
  type Rational,
} from '@prism/protocol'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** Options of {@link Payer.create}. */
export type PayerOptions = {
  /** The orchestrator's base URL (for `GET /info?sender=`). */
  orchestratorUrl: string
  /** The sender's private key (ticket signer). */
  privateKey: Hex
  /** A (read-only) client of the chain the orchestrator redeems on. */
  chain: ChainClient
  /** Gateway limits (docs/protocol.md §3). Defaults: go-livepeer's (3e12 / 2e13 wei, multiplier 1). */
  maxTicketEV?: bigint
  maxTotalEV?: bigint
  depositMultiplier?: bigint
}

async function fetchInfo(url: string, sender: Address): Promise<OrchestratorInfo> {
  const res = await fetch(`${url}/info?sender=${sender}`)
  const body = (await res.json()) as unknown
  if (!res.ok) {
    const e = body as { code?: string; message?: string }
    throw Object.assign(new Error(`${e.code ?? res.status}: ${e.message ?? 'info failed'}`), {
      code: e.code,
    })
  }
  return decodeOrchestratorInfo(body)
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
  readonly #payer: OrchestratorPayer

  private constructor(address: Address, payer: OrchestratorPayer) {
    this.address = address
    this.#payer = payer
  }

  /**
   * Fetches `/info?sender=` and opens the session.
   *
   * @throws the orchestrator's error (`SENDER_RESERVE_MISSING`, …) when it refuses params, and the
   *   gateway checks of PaymentSession (`TICKET_EV_TOO_HIGH`, `TICKET_FACE_VALUE_TOO_HIGH`, …).
   */
  static async create(opts: PayerOptions): Promise<Payer> {
    const account = privateKeyToAccount(opts.privateKey)
    const { chain } = opts
    const payer = new OrchestratorPayer({
      fetchInfo: () => fetchInfo(opts.orchestratorUrl, account.address),
      signer: account,
      readChain: async () => {
        const [block, lastInitializedRound] = await Promise.all([
          getBlockNumber(chain),
          getLastInitializedRound(chain),
        ])
        return { block, lastInitializedRound }
      },
      senderInfo: () => getSenderInfo(chain, { sender: account.address }),
      ...(opts.maxTicketEV !== undefined ? { maxTicketEV: opts.maxTicketEV } : {}),
      ...(opts.maxTotalEV !== undefined ? { maxTotalEV: opts.maxTotalEV } : {}),
      ...(opts.depositMultiplier !== undefined ? { depositMultiplier: opts.depositMultiplier } : {}),
    })
    await payer.open()
    return new Payer(account.address, payer)
  }

  /** The orchestrator's info as last fetched. */
  get info(): OrchestratorInfo {
    return this.#payer.info!
  }

  /** The wrapped gateway session (credit, nonce, params). */
  get session(): PaymentSession {
    const s = this.#payer.session
    if (!s) throw new Error('the orchestrator is free: no payment session')
    return s
  }

  /**
   * Signs enough tickets to cover `fee` wei beyond the current credit (fetching fresh params from
   * `/info` first when they are about to expire or run out of nonces).
   *
   * @throws PRICE_DOUBLED, TICKET_TOTAL_EV_TOO_HIGH, the params' codes.
   */
  async pay(fee: Rational): Promise<PayerPayment> {
    const p = await this.#payer.pay(fee)
    if (!p) throw new Error('the orchestrator is free: nothing to pay')
    return p
  }

  /** Feeds a node → gateway payment-channel event (`balance`, `ticketParams`; others are ignored). */
  handleEvent(event: PaymentChannelEvent | Record<string, unknown>): void {
    this.#payer.handleEvent(event as PaymentChannelEvent)
  }
}
