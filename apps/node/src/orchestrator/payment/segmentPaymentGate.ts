/**
 * Adapts the orchestrator's PaymentManager (payment/) to `POST /segment`'s payment gate: the
 * `Livepeer-Payment` header is processed exactly as `POST /payment` processes it, credited to
 * (sender, manifestId), and the segment is refused unless that balance is then positive (when
 * the node charges); output pixels are debited at the session's fixed price.
 */
import { rational } from '@prism/protocol'
import type { SegmentPaymentGate } from '../http/routes/segment.ts'
import { PaymentBalanceInsufficientError, SegmentPaymentInvalidError } from './errors.ts'
import type { PaymentManager } from './paymentManager.ts'

/**
 * Builds the gate.
 *
 * Error codes: `SEGMENT_PAYMENT_INVALID` (no header), the PaymentManager's codes (e.g.
 * `TICKET_SIG_INVALID`, `PAYMENT_DECODE_FAILED`), `PAYMENT_BALANCE_INSUFFICIENT` (402).
 * @example
 * await app.register(segmentPlugin, { transcode, payments: segmentPaymentGate(stack.payments) })
 */
export function segmentPaymentGate(payments: PaymentManager): SegmentPaymentGate {
  return {
    async handlePayment({ header, manifestId }) {
      if (!header) throw new SegmentPaymentInvalidError('missing Livepeer-Payment header')
      const res = await payments.handleHttpPayment(header, manifestId)
      const sender = res.result.sender
      if (!sender) throw new SegmentPaymentInvalidError('payment without sender')
      if (!payments.isFree() && !payments.ledger.covers(sender, manifestId, rational(1n)))
        throw new PaymentBalanceInsufficientError(res.balance, false)
      return { sender: sender as `0x${string}` }
    },
    handleDebit({ sender, manifestId, pixels }) {
      payments.ledger.debitPixels(sender, manifestId, pixels)
    },
  }
}
