/**
 * `POST /live/{stream}/update` on the gateway's HTTP server: a parameter update for a live AI
 * stream. The body (a JSON object, e.g. `{"strength":0.3}`) is written verbatim to the job's control
 * channel, as go-livepeer's gateway forwards its update body. 200 `{"ok":true}` when sent; 400 for a
 * body that is not a JSON object; 404 `GATEWAY_LIVE_UNKNOWN` for a stream that is not running.
 */
import { isBaseError } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { GatewayLiveUnknownError } from './errors.ts'
import type { LiveAiStreams } from './LiveAiStreams.ts'

/** Largest update body accepted, bytes. */
const MAX_UPDATE_BYTES = 64 * 1024

/**
 * Registers the update route (in its own scope: the body is read as text, not parsed).
 * @example liveUpdateRoute(app, () => gateway.liveAi)
 */
export function liveUpdateRoute(app: FastifyInstance, live: () => LiveAiStreams | undefined): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_UPDATE_BYTES }, (_req, body, done) =>
      done(null, body),
    )
    scope.post('/live/:stream/update', async (req, reply) => {
      const { stream } = req.params as { stream: string }
      const text = typeof req.body === 'string' ? req.body : ''
      let doc: unknown
      try {
        doc = JSON.parse(text)
      } catch {
        doc = undefined
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc))
        return reply
          .status(400)
          .send({ code: 'MESSAGE_INVALID', message: 'the update must be a JSON object' })
      try {
        const streams = live()
        if (!streams) throw new GatewayLiveUnknownError(stream)
        await streams.update(stream, text)
        return { ok: true }
      } catch (err) {
        if (isBaseError(err))
          return reply.status(err.httpStatus).send({ code: err.code, message: err.shortMessage })
        throw err
      }
    })
  })
}
