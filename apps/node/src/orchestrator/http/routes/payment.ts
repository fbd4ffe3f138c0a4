/**
 * `POST /payment`: the HTTP path for payments, same bytes as the data channel. The
 * `Livepeer-Payment` header carries base64 of net.Payment; the session (manifest) id comes from
 * the `Livepeer-Session` header or the `session` query parameter. A batch too large for a header
 * (over ~150 tickets) may be sent as a `text/plain` body instead. Answers
 * `{ accepted, winners, balance, ticketParams? }`, or `{ code, message }` with 400 for a rejected
 * payment (fatal and non-fatal alike, as go-livepeer), 403 for a live session bound to another
 * sender, 429 while the client's address has too many failed payments.
 *
 * go-livepeer's form (live AI top-ups, docs/live-ai.md): with a `Livepeer-Segment` header and
 * `wire` given, the headers are checked as for `/live-video-to-video` (402 / 403 with the error
 * text), the payment is credited to (sender, SegData.manifestId) — the live session's mid — (400
 * with the error text), and the answer is the protobuf `PaymentResult` with a fresh
 * OrchestratorInfo (ticket params at the session's price, the received auth token).
 */
import { create } from '@bufbuild/protobuf'
import { encodeWire, fixedBytes, net, PaymentDecodeFailedError } from '@prism/protocol'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { bytesToString } from 'viem'
import type { PaymentManager } from '../../payment/paymentManager.ts'
import { ticketParamsMessage } from '../../payment/paymentManager.ts'
import { segmentPaymentGate } from '../../payment/segmentPaymentGate.ts'
import { checkLiveHeaders, type LiveHeaderContext, liveRefusal } from '../../sessions/LiveHeaders.ts'

/** Options of {@link paymentPlugin}. */
export type PaymentPluginOptions = {
  payments: PaymentManager
  /** go-livepeer's form: header checks, the service URI and the node's address. Default: JSON form only. */
  wire?: Omit<LiveHeaderContext, 'offchain'> & { serviceURI: () => string; address: string }
}

/** go-livepeer's `POST /payment`: Livepeer-Payment + Livepeer-Segment, protobuf PaymentResult. */
async function wirePayment(
  opts: PaymentPluginOptions & { wire: NonNullable<PaymentPluginOptions['wire']> },
  headers: Record<string, string | string[] | undefined>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const text = (status: number, body: string) =>
    reply.status(status).type('text/plain; charset=utf-8').send(`${body}\n`)
  try {
    const h = checkLiveHeaders(headers, { ...opts.wire, offchain: false })
    const manifestId = bytesToString(h.seg.manifestId)
    await opts.payments.handleSegmentPayment(h.payment, manifestId)
    const { ticketParams, priceInfo } = await segmentPaymentGate(opts.payments).ticketInfo(
      h.sender,
      manifestId,
    )
    const info = create(net.OrchestratorInfoSchema, {
      transcoder: opts.wire.serviceURI(),
      address: fixedBytes(opts.wire.address, 20, 'address'),
      capabilities: opts.wire.capabilities(),
      authToken: h.token,
      ticketParams,
      priceInfo,
    })
    const result = create(net.PaymentResultSchema, { info })
    return reply
      .status(200)
      .type('application/octet-stream')
      .send(Buffer.from(encodeWire(net.PaymentResultSchema, result)))
  } catch (err) {
    const r = liveRefusal(err)
    return text(r.status, r.text)
  }
}

/**
 * Registers `POST /payment`.
 *
 * Error codes: PAYMENT_DECODE_FAILED (no or bad header, no session id), PAYMENT_RATE_LIMITED,
 * PAYMENT_SENDER_MISMATCH and the receiver's codes.
 * @example
 * paymentPlugin(app, { payments })
 */
export function paymentPlugin(app: FastifyInstance, opts: PaymentPluginOptions): void {
  app.post('/payment', async (req, reply) => {
    const wire = opts.wire
    if (wire && req.headers['livepeer-segment'] !== undefined)
      return wirePayment({ ...opts, wire }, req.headers, reply)
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
