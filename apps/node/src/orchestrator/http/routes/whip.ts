/**
 * WHIP (RFC 9725 shape): `POST /live/{stream}/whip` with an `application/sdp` offer ->
 * `201 Created`, `Location: /live/{stream}/whip/{session}/{secret}`, `Link` (ICE servers, may be
 * none) and the answer SDP. The Location is the session resource and belongs to whoever received
 * it: `{secret}` is 192 random bits made for this session and never shown elsewhere (not in
 * /metrics, /healthz, /info or the admin API). `DELETE` on the Location ends the session; `PATCH`
 * on it (trickle ICE) answers 405: offers must carry their candidates (non-trickle).
 * DELETE or PATCH on `/live/{stream}/whip/{session}` (no secret) answers
 * WHIP_RESOURCE_SECRET_REQUIRED (403) without looking the session up; a wrong secret, an unknown
 * session or another stream answer SESSION_NOT_FOUND (404), alike.
 *
 * Query parameters of the POST:
 * - `pipeline`: URL-encoded JSON PipelineSpec, e.g. `{"kind":"transcode","profiles":["P360p30fps16x9"]}`
 *   (`version` defaults to 1). Default: `{"kind":"passthrough"}`.
 * - `sender`: the gateway's ticket sender address, and `senderSig`: its signature of this offer
 *   and stream (@prism/protocol `signWhipOffer`). Required on a paid node (SESSION_SENDER_REQUIRED,
 *   401; a wrong signature SESSION_SENDER_SIG_INVALID, 403): the session then takes payments from
 *   that sender only. A free node takes offers without them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { PipelineSpecInvalidError, SessionNotFoundError } from '../../errors.ts'
import type { Orchestrator } from '../../Orchestrator.ts'
import type { Session } from '../../sessions/Session.ts'
import { RequestInvalidError, WhipPatchUnsupportedError, WhipResourceSecretRequiredError } from '../errors.ts'
import { sdpOfferBody } from './sdpOfferBody.ts'

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
  /** Each session's resource secret (base64url text), known only to the POST's caller. */
  const secrets = new WeakMap<Session, Buffer>()
  /** The live session the resource URL names, or SESSION_NOT_FOUND (unknown and wrong secret alike). */
  const owned = (params: unknown): Session => {
    const { stream, session, secret } = params as { stream: string; session: string; secret: string }
    const s = orch.getSession(session)
    const want = s && s.streamId === stream ? secrets.get(s) : undefined
    const given = Buffer.from(secret)
    if (!s || !want || given.length !== want.length || !timingSafeEqual(given, want))
      throw new SessionNotFoundError(`${stream}/${session}`)
    return s
  }
  app.addContentTypeParser('application/sdp', { parseAs: 'string' }, (_req, body, done) => done(null, body))
  // Any other type reaches the handlers as text, so they answer with their own codes
  // (415 on POST, 405 on PATCH with application/trickle-ice-sdpfrag).
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body))

  app.post('/live/:stream/whip', async (req, reply) => {
    const sdp = sdpOfferBody(req, opts.maxSdpBytes)
    const { stream } = req.params as { stream: string }
    const q = req.query as { pipeline?: unknown; sender?: unknown; senderSig?: unknown }
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
    if (
      q.senderSig !== undefined &&
      (typeof q.senderSig !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(q.senderSig))
    )
      throw new RequestInvalidError('senderSig must be a 0x-prefixed 65-byte hex signature')
    const { session, answerSdp } = await orch.createSession({
      streamId: stream,
      offerSdp: sdp,
      ...(pipeline !== undefined ? { pipeline } : {}),
      ...(typeof q.sender === 'string' ? { sender: q.sender } : {}),
      ...(typeof q.senderSig === 'string' ? { senderSig: q.senderSig } : {}),
      remoteAddress: req.ip,
    })
    const secret = randomBytes(24).toString('base64url')
    secrets.set(session, Buffer.from(secret))
    const link = linkHeader(opts.iceServers)
    if (link) reply.header('Link', link)
    reply.header('Location', `/live/${encodeURIComponent(stream)}/whip/${session.id}/${secret}`)
    reply.header('ETag', `"${session.id}"`)
    reply.header('Content-Type', 'application/sdp')
    return reply.status(201).send(answerSdp)
  })

  app.delete('/live/:stream/whip/:session/:secret', async (req, reply) => {
    const s = owned(req.params)
    await s.close('deleted by the gateway')
    return reply.status(200).send({ closed: s.id })
  })

  app.patch('/live/:stream/whip/:session/:secret', async (req, reply) => {
    owned(req.params)
    reply.header('Allow', 'DELETE')
    throw new WhipPatchUnsupportedError()
  })

  // The public session id alone never names the resource.
  const secretRequired = async () => {
    throw new WhipResourceSecretRequiredError()
  }
  app.delete('/live/:stream/whip/:session', secretRequired)
  app.patch('/live/:stream/whip/:session', secretRequired)
}
