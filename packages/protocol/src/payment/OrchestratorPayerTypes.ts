import type { Address } from 'viem'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import type { PaymentChannelMessage } from '../messages/paymentChannel.ts'
import type { TicketSigner } from '../ticket/signTicket.ts'
import type { CreatePaymentReturnType } from './PaymentSessionTypes.ts'
import type { PriceJson } from './price.ts'
import type { SenderInfo } from './SenderInfo.ts'

/** The chain facts a payer reads before each payment. */
export type PayerChainTime = {
  /** Latest L1 block number (params expiry). */
  block: bigint
  /** Last initialized round (the unlock check). Default: unknown, the check is skipped. */
  lastInitializedRound?: bigint
}

/** Options of an {@link OrchestratorPayer}. */
export type OrchestratorPayerOptions = {
  /**
   * Fetches the orchestrator's info with ticket params quoted to this sender (e.g.
   * `GET /info?sender=`): once when the payer opens, again whenever the params run out.
   */
  fetchInfo: () => Promise<OrchestratorInfo>
  /** The ticket signer: a viem LocalAccount or equivalent. */
  signer: TicketSigner & { address: Address }
  /** Reads the latest block (and last initialized round); called before each payment. */
  readChain: () => Promise<PayerChainTime>
  /** The sender's own TicketBroker state, read when the payer opens. Default: none (sender checks skipped). */
  senderInfo?: () => SenderInfo | undefined | Promise<SenderInfo | undefined>
  /** The price to pay out of the info, e.g. a pipeline's own price. Default: `info.price`. */
  priceFor?: (info: OrchestratorInfo) => PriceJson | undefined
  /** Expected output pixels per second, for {@link OrchestratorPayer.prepay} and `topUp`. Default: 0. */
  pixelsPerSecond?: number
  /** Seconds of output one prepayment or top-up covers. Default: 60. */
  prepaySeconds?: number
  /** Top up when the credit covers fewer seconds of output than this. Default: 20. */
  lowWaterSeconds?: number
  /** Fetch fresh params when fewer nonces than this remain (or the params expire). Default: 2. */
  refreshMargin?: number
  /** Max EV per ticket, wei. Default: PaymentSession's (3e12). */
  maxTicketEV?: bigint
  /** Max EV of one payment, wei. Default: PaymentSession's (2e13). */
  maxTotalEV?: bigint
  /** faceValue must be ≤ ⌊deposit / depositMultiplier⌋. Default: 1. */
  depositMultiplier?: bigint
}

/** One payment ready to send, over HTTP (`header`) or the `payment` data channel (`message`). */
export type PayerPayment = CreatePaymentReturnType & {
  /** Sequence number of this payment (1, 2, …). */
  seq: number
  /** The gateway → node `payment` data-channel message. */
  message: PaymentChannelMessage
}
