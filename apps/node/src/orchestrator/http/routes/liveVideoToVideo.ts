/**
 * `POST /live-video-to-video` as go-livepeer's gateways call it (docs/live-ai.md): starts a live
 * AI session whose video and messages travel over the trickle channels of this node.
 *
 * Steps and refusals (plain text bodies):
 * 1. the JSON body parses (else 400), `model_id` is a non-empty string (else 400 `missing model_id`);
 * 2. the model is offered with idle capacity under capability 35 (else 503 `insufficient capacity`);
 * 3. `Livepeer-Payment` decodes (else 402), `Livepeer-Segment` verifies (else 403);
 * 4. on chain, the payment is credited to (sender, mid) and a priced session must then hold one
 *    ticket EV (else 400 with the payment's error text, or `Insufficient balance`);
 * 5. the channels `<mid>`, `<mid>-out`, `<mid>-control`, `<mid>-events` are made, the runner
 *    starts (else 500 with its error, the channels closed), and the answer is the JSON with their
 *    URLs under `<serviceURI>/ai/trickle/` and `manifest_id` = mid (8 hex characters).
 */
import { randomBytes } from 'node:crypto'
import { CAPABILITIES, type net } from '@prism/protocol'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { PaymentManager } from '../../payment/paymentManager.ts'
import { segmentPaymentGate } from '../../payment/segmentPaymentGate.ts'
import { checkLiveHeaders, liveRefusal } from '../../sessions/LiveHeaders.ts'
import type { LiveRunnerFactory } from '../../sessions/LiveSession.ts'
import type { LiveSessions } from '../../sessions/LiveSessions.ts'
import type { TrickleServer } from '../../trickle/TrickleServer.ts'
import type { AuthTokens } from '../grpc/authTokens.ts'
import { TRICKLE_BASE_PATH } from './trickle.ts'

/** Options of {@link liveVideoToVideoPlugin}. */
export type LiveVideoToVideoOptions = {
  sessions: LiveSessions
  trickle: TrickleServer
  /** The tokens GetOrchestrator issues. */
  tokens: AuthTokens
  /** The node's capabilities now (models and their idle capacity under capability 35). */
  capabilities: () => net.Capabilities
  /** The service URI, read per request. */
  serviceURI: () => string
  /** On chain: the payment manager (credit, balance, live debits). Absent = off chain. */
  payments?: PaymentManager
  /** Starts a session's runner. Default: none (channels only). */
  runner?: LiveRunnerFactory
  /** Live payment interval. Default: 5 s. */
  paymentIntervalMs?: number
}

/** The answer of a started session. */
export type LiveVideoToVideoResponse = {
  publish_url: string
  subscribe_url: string
  control_url: string
  events_url: string
  manifest_id: string
}

function text(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).type('text/plain; charset=utf-8').send(`${body}\n`)
}

/** Idle capacity of `model` under capability 35 (0 when not offered). */
function idleCapacity(caps: net.Capabilities, model: string): number {
  return caps.constraints?.PerCapability[CAPABILITIES.LiveVideoToVideo]?.models[model]?.capacity ?? 0
}

/**
 * Registers the route (in its own context: the body is read as text and parsed here).
 *
 * @example
 * liveVideoToVideoPlugin(app, { sessions, trickle, tokens, capabilities, serviceURI })
 */
export function liveVideoToVideoPlugin(app: FastifyInstance, opts: LiveVideoToVideoOptions): void {
  const gate = opts.payments ? segmentPaymentGate(opts.payments) : undefined
  app.register(async (child) => {
    child.removeAllContentTypeParsers()
    child.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))
    child.addHook('onClose', async () => opts.sessions.close())
    child.post('/live-video-to-video', async (req, reply) => {
      let body: Record<string, unknown>
      try {
        const parsed: unknown = JSON.parse(typeof req.body === 'string' ? req.body : '')
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not a JSON object')
        body = parsed as Record<string, unknown>
      } catch (err) {
        return text(reply, 400, `invalid JSON body: ${err instanceof Error ? err.message : String(err)}`)
      }
      const modelId = body.model_id
      if (typeof modelId !== 'string' || modelId === '') return text(reply, 400, 'missing model_id')
      const mid = randomBytes(4).toString('hex')
      if (idleCapacity(opts.capabilities(), modelId) <= 0) return text(reply, 503, 'insufficient capacity')
      let sender: string
      try {
        const h = checkLiveHeaders(req.headers, {
          tokens: opts.tokens,
          capabilities: opts.capabilities,
          offchain: !opts.payments,
        })
        sender = h.sender
        if (gate) await gate.handlePayment(h.payment, h.sender, mid)
      } catch (err) {
        const r = liveRefusal(err)
        return text(reply, r.status, r.text)
      }
      const params =
        typeof body.params === 'object' && body.params !== null && !Array.isArray(body.params)
          ? (body.params as Record<string, unknown>)
          : {}
      const session = opts.sessions.open({
        mid,
        modelId,
        params,
        sender,
        trickle: opts.trickle,
        ...(opts.payments ? { ledger: opts.payments.ledger } : {}),
        ...(opts.paymentIntervalMs !== undefined ? { paymentIntervalMs: opts.paymentIntervalMs } : {}),
      })
      try {
        await session.start(opts.runner)
      } catch (err) {
        return text(reply, 500, err instanceof Error ? err.message : String(err))
      }
      const base = `${opts.serviceURI()}${TRICKLE_BASE_PATH}${mid}`
      const answer: LiveVideoToVideoResponse = {
        publish_url: base,
        subscribe_url: `${base}-out`,
        control_url: `${base}-control`,
        events_url: `${base}-events`,
        manifest_id: mid,
      }
      return reply.status(200).type('application/json').send(answer)
    })
  })
}
