/**
 * `POST /payment`: the HTTP path for payments, same bytes as the data channel. The
 * `Livepeer-Payment` header carries base64 of net.Payment; the session (manifest) id comes from
 * the `Livepeer-Session` header or the `session` query parameter. A batch too large for a header
 * (over ~150 tickets) may be sent as a `text/plain` body instead. Answers
 * `{ accepted, winners, balance, ticketParams? }`, or `{ code, message }` with 400 for a rejected
 * payment (fatal and non-fatal alike, as go-livepeer), 403 for a live session bound to another
 * sender, 429 while the client's address has too many failed payments.
 */
import { PaymentDecodeFailedError } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import type { PaymentManager } from '../../payment/paymentManager.ts'
import { ticketParamsMessage } from '../../payment/paymentManager.ts'

/** Options of {@link paymentPlugin}. */
export type PaymentPluginOptions = { payments: PaymentManager }

/**
 * Registers `POST /payment`.
 *
 * Error codes: PAYMENT_DECODE_FAILED (no or bad header, no session id), PAYMENT_RATE_LIMITED,
 * PAYMENT_SENDER_MISMATCH and the receiver's codes.
 * @example
 * paymentPlugin(app, { payments })
 */
export function paymentPlugin(app: FastifyInstance, opts: PaymentPluginOptions): void {
  app.post('/payment', async (req) => {
    // Large batches may come as a text/plain body (headers are capped at 16 KiB, ~150 tickets).
    const header =
      req.headers['livepeer-payment'] ?? (typeof req.body === 'string' ? req.body.trim() : undefined)
    if (typeof header !== 'string' || header === '')
      throw new PaymentDecodeFailedError('missing Livepeer-Payment header (or text/plain body)')
    const fromHeader = req.headers['livepeer-session']
    const fromQuery = (req.query as { session?: unknown }).session
    const sessionId =
      typeof fromHeader === 'string' ? fromHeader : typeof fromQuery === 'string' ? fromQuery : ''
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(sessionId))
      throw new PaymentDecodeFailedError(
        'missing or invalid session id (Livepeer-Session header or ?session=)',
      )
    const res = await opts.payments.handleHttpPayment(header, sessionId, { remoteAddress: req.ip })
    return {
      accepted: res.result.credited,
      winners: res.result.winners,
      balance: res.balance,
      ...(res.ticketParams ? { ticketParams: ticketParamsMessage(res.ticketParams) } : {}),
    }
  })
}
