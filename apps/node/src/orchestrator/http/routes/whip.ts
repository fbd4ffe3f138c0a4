/**
 * WHIP (RFC 9725 shape): `POST /live/{stream}/whip` with an `application/sdp` offer ->
 * `201 Created`, `Location: /live/{stream}/whip/{session}`, `Link` (ICE servers, may be none) and
 * the answer SDP. `DELETE` on the Location ends the session. `PATCH` (trickle ICE) answers 405:
 * offers must carry their candidates (non-trickle).
 *
 * Query parameters of the POST:
 * - `pipeline`: URL-encoded JSON PipelineSpec, e.g. `{"kind":"transcode","profiles":["P360p30fps16x9"]}`
 *   (`version` defaults to 1). Default: `{"kind":"passthrough"}`.
 * - `sender`: the gateway's ticket sender address (optional; payments learn it from tickets too).
 */
import type { FastifyInstance } from 'fastify'
import { PipelineSpecInvalidError, SessionNotFoundError } from '../../errors.ts'
import type { Orchestrator } from '../../Orchestrator.ts'
import {
  ContentTypeError,
  RequestInvalidError,
  SdpTooLargeError,
  WhipPatchUnsupportedError,
} from '../errors.ts'

/** Options of the WHIP plugin. */
export type WhipPluginOptions = {
  orchestrator: Orchestrator
  maxSdpBytes: number
  iceServers: { urls: string; username?: string; credential?: string }[]
}

function linkHeader(servers: WhipPluginOptions['iceServers']): string | undefined {
  if (servers.length === 0) return undefined
  return servers
    .map((s) => {
      const attrs = ['rel="ice-server"']
      if (s.username)
        attrs.push(
          `username="${s.username}"`,
          `credential="${s.credential ?? ''}"`,
          'credential-type="password"',
        )
      return `<${s.urls}>; ${attrs.join('; ')}`
    })
    .join(', ')
}

/** Registers the WHIP routes. */
export function whipPlugin(app: FastifyInstance, opts: WhipPluginOptions): void {
  const orch = opts.orchestrator
  app.addContentTypeParser('application/sdp', { parseAs: 'string' }, (_req, body, done) => done(null, body))
  // Any other type reaches the handlers as text, so they answer with their own codes
  // (415 on POST, 405 on PATCH with application/trickle-ice-sdpfrag).
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))

  app.post('/live/:stream/whip', async (req, reply) => {
    const ct = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase()
    if (ct !== 'application/sdp') throw new ContentTypeError('application/sdp')
    const sdp = req.body
    if (typeof sdp !== 'string' || sdp.length === 0) throw new RequestInvalidError('empty SDP offer')
    if (Buffer.byteLength(sdp) > opts.maxSdpBytes) throw new SdpTooLargeError(opts.maxSdpBytes)
    const { stream } = req.params as { stream: string }
    const q = req.query as { pipeline?: unknown; sender?: unknown }
    let pipeline: unknown
    if (q.pipeline !== undefined) {
      if (typeof q.pipeline !== 'string') throw new PipelineSpecInvalidError('pipeline must be given once')
      try {
        pipeline = JSON.parse(q.pipeline)
      } catch (err) {
        throw new PipelineSpecInvalidError('pipeline is not JSON', err)
      }
    }
    if (q.sender !== undefined && (typeof q.sender !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(q.sender)))
      throw new RequestInvalidError('sender must be a 0x-prefixed 20-byte hex address')
    const { session, answerSdp } = await orch.createSession({
      streamId: stream,
      offerSdp: sdp,
      ...(pipeline !== undefined ? { pipeline } : {}),
      ...(typeof q.sender === 'string' ? { sender: q.sender } : {}),
    })
    const link = linkHeader(opts.iceServers)
    if (link) reply.header('Link', link)
    reply.header('Location', `/live/${encodeURIComponent(stream)}/whip/${session.id}`)
    reply.header('ETag', `"${session.id}"`)
    reply.header('Content-Type', 'application/sdp')
    return reply.status(201).send(answerSdp)
  })

  app.delete('/live/:stream/whip/:session', async (req, reply) => {
    const { stream, session } = req.params as { stream: string; session: string }
    const s = orch.getSession(session)
    if (!s || s.streamId !== stream) throw new SessionNotFoundError(`${stream}/${session}`)
    await s.close('deleted by the gateway')
    return reply.status(200).send({ closed: session })
  })

  app.patch('/live/:stream/whip/:session', async (_req, reply) => {
    reply.header('Allow', 'DELETE')
    throw new WhipPatchUnsupportedError()
  })
}
