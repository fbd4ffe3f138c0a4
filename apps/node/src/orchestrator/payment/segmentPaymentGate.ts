/**
 * Adapts the orchestrator's PaymentManager to `POST /segment` (go-livepeer's credit model): the
 * balance of a segment is keyed by (Payment.sender, auth token session id); the segment's
 * `Livepeer-Payment` credits the EV of its tickets there; a priced session must then hold at
 * least one ticket EV (`-ticketEV`); the answer carries fresh ticket params at the session's price;
 * the renditions' pixels are debited at that price.
 */
import { create } from '@bufbuild/protobuf'
import { net, type Payment, rational } from '@prism/protocol'
import type { Address } from 'viem'
import { SegmentBalanceInsufficientError } from '../http/errors.ts'
import { ticketParamsMessage } from '../http/grpc/ticketParamsMessage.ts'
import type { PaymentManager } from './paymentManager.ts'

/** What `POST /segment` needs from the payment side on chain. */
export type SegmentPaymentGate = {
  /**
   * Ticket params and price for the answer's OrchestratorInfo: at the session's fixed price, or
   * at the price this node quotes the sender before the session's first payment.
   * @throws the issuer's errors (the route answers 500).
   */
  ticketInfo(
    sender: Address,
    sessionId: string,
  ): Promise<{ ticketParams: net.TicketParams; priceInfo: net.PriceInfo }>
  /**
   * Processes the payment (credits its tickets to (sender, sessionId)), then requires one ticket
   * EV of balance when the session is priced.
   * @throws the payment's errors (TicketReceiver codes), SegmentBalanceInsufficientError
   *   (`SEGMENT_BALANCE_INSUFFICIENT`, `Insufficient balance`).
   */
  handlePayment(payment: Payment, sender: Address, sessionId: string): Promise<void>
  /** Debits `pixels` × the session's price from (sender, sessionId). */
  handleDebit(sender: Address, sessionId: string, pixels: bigint): void
}

/**
 * Builds the gate.
 *
 * Prism is stricter than go-livepeer in one place: the balance is required whenever the session's
 * price (fixed at its first payment, else the node's quote) is above zero, not only when the
 * payment's expected price is, so a payment that claims price 0 gets nothing for free.
 *
 * @example
 * await app.register(segmentPlugin, { transcode, payments: segmentPaymentGate(stack.payments), … })
 */
export function segmentPaymentGate(payments: PaymentManager): SegmentPaymentGate {
  const fixedPrice = (sender: Address, sessionId: string) => payments.ledger.account(sender, sessionId).price
  return {
    async ticketInfo(sender, sessionId) {
      const fixed = fixedPrice(sender, sessionId)
      const params = await payments.ticketParamsFor(sender, fixed ? { fixedPrice: fixed } : {})
      return {
        ticketParams: ticketParamsMessage(params),
        priceInfo: create(net.PriceInfoSchema, {
          pricePerUnit: params.price.pricePerUnit,
          pixelsPerUnit: params.price.pixelsPerUnit,
        }),
      }
    },
    async handlePayment(payment, sender, sessionId) {
      await payments.handleSegmentPayment(payment, sessionId)
      const price = fixedPrice(sender, sessionId)
      const priced = price ? price.pricePerUnit > 0n : !payments.isFree()
      if (priced && !payments.ledger.covers(sender, sessionId, rational(payments.ticketEV)))
        throw new SegmentBalanceInsufficientError(
          `sender ${sender} session ${sessionId}: balance below one ticket EV (${payments.ticketEV} wei)`,
        )
    },
    handleDebit(sender, sessionId, pixels) {
      payments.ledger.debitPixels(sender, sessionId, pixels)
    },
  }
}
