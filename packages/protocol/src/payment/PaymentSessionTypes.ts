import type { Address, Hex } from 'viem'
import type { Rational } from '../math/rational.ts'
import type { OrchestratorInfo } from '../messages/orchestratorInfo.ts'
import type { TicketSigner } from '../ticket/signTicket.ts'
import type { Payment } from './Payment.ts'
import type { PriceJson } from './price.ts'
import type { SenderInfo } from './SenderInfo.ts'
import type { TicketExpirationParams } from './ticketParams.ts'

/** Options of a {@link PaymentSession}. */
export type PaymentSessionOptions = {
  /** OrchestratorInfo with `ticketParams` (requested with `?sender=`). */
  info: OrchestratorInfo
  /** The gateway's signer: a viem LocalAccount or equivalent with `address` and `signMessage`. */
  signer: TicketSigner & { address: Address }
  /** Latest L1 block number (for params expiry). */
  currentBlock: () => bigint
  /** Last initialized round, for the unlock check. Default (or undefined): the check is skipped. */
  lastInitializedRound?: () => bigint | undefined
  /**
   * The gateway's own expiration params (last initialized round and its block hash), used when
   * the orchestrator sends a zero round or zero hash. Default: none (the orchestrator's are used).
   */
  fallbackExpirationParams?: () => TicketExpirationParams | undefined
  /** The gateway's own TicketBroker state. Default: undefined (unlock, reserve and deposit checks skipped, e.g. off-chain). */
  senderInfo?: SenderInfo
  /** Max EV per ticket, wei. Default: 3000000000000 (go-livepeer `-maxTicketEV`). */
  maxTicketEV?: bigint
  /** Max EV of all tickets of one payment, wei. Default: 20000000000000 (`-maxTotalEV`). */
  maxTotalEV?: bigint
  /** faceValue must be ≤ ⌊deposit / depositMultiplier⌋. Default: 1. */
  depositMultiplier?: bigint
  /** Params expire when expirationBlock − currentBlock ≤ this. Default: 1. */
  expiryBufferBlocks?: bigint
  /** Price the session pays, e.g. a pipeline's own price. Default: `info.price`. */
  price?: PriceJson
  /** PriceInfo.capability to send (AI prices). Default: omitted. */
  capability?: number
  /** PriceInfo.constraint (model id) to send. Default: omitted. */
  constraint?: string
}

/** Result of {@link PaymentSession.createPayment}. */
export type CreatePaymentReturnType = {
  /** The net.Payment. */
  payment: Payment
  /** Its `Livepeer-Payment` header value (padded standard base64). */
  header: string
  /** Number of tickets in it. */
  tickets: number
  /** EV of one ticket. */
  ev: Rational
  /** Credit the session holds after this payment (existing + tickets × EV − fee). */
  credit: Rational
  /** Nonces used, in order. */
  nonces: number[]
  /** The recipientRandHash the tickets belong to. */
  recipientRandHash: Hex
}
