/**
 * WHIP ingest on the gateway (`POST /live/{stream}/whip`, RFC 9725 shape): a mediasoup router
 * (MediasoupPeer, when the server has a worker pool, as `prism gateway` does) or werift (the
 * MediaPeer seam, without one) answers the offer, the video RTP (and the Opus audio RTP, when the offer has an
 * audio section) goes over loopback UDP to an ffmpeg segmenter, and every segment enters the
 * Gateway like an RTMP one (audio as AAC, kept in the `source` rendition). The answer's `Location` is
 * `/live/{stream}/whip/{id}/{secret}`, the secret being 192 random bits made for this ingest and
 * shown only to the POST's caller; `DELETE` on the Location ends the stream. A DELETE without the
 * secret, with a wrong one, or for an unknown id, answers 404 `GATEWAY_WHIP_UNKNOWN` alike.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { isBaseError } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { startRtpSegmenter } from '../../media/ffmpeg/rtpSegmenter.ts'
import { allocateRtpPortPair, RtpSink } from '../../media/udp.ts'
import { MediaPeer } from '../../webrtc/MediaPeer.ts'
import type { SessionPeer } from '../../webrtc/MediaPeerTypes.ts'
import { MediasoupPeer } from '../../webrtc/mediasoup/MediasoupPeer.ts'
import type { WorkerPool } from '../../webrtc/mediasoup/WorkerPool.ts'
import type { VideoCodecName } from '../../webrtc/sdpOffer.ts'
import { GatewayWhipUnknownError } from '../errors.ts'
import type { Gateway } from '../Gateway.ts'

/** Options of {@link whipIngestPlugin}. */
export type WhipIngestOptions = {
  gateway: Gateway
  /** Target segment length. Default: 2 s. */
  segmentSeconds?: number
  /** Loopback-only ICE (dev and tests; werift only, a pool binds as it was made). Default: true. */
  loopbackOnly?: boolean
  /** mediasoup workers to answer on; without a pool werift answers. */
  pool?: WorkerPool
}

type Ingest = { stream: string; secret: Buffer; close(): Promise<void> }

/**
 * Registers the WHIP routes on the gateway's server.
 *
 * Errors: 400 `{code,message}` from the WebRTC seam (e.g. `WEBRTC_NEGOTIATION_FAILED`), 404 on an
 * unknown Location.
 * @example
 * whipIngestPlugin(app, { gateway })
 */
export function whipIngestPlugin(app: FastifyInstance, opts: WhipIngestOptions): void {
  const ingests = new Map<string, Ingest>()
  app.addContentTypeParser('application/sdp', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_r, body, done) =>
    done(null, body),
  )
  app.setErrorHandler((err, _req, reply) => {
    if (isBaseError(err)) return reply.status(err.httpStatus).send(err.toJSON())
    const e = err as { statusCode?: number; message?: string }
    return reply.status(e.statusCode ?? 500).send({ code: 'INTERNAL_ERROR', message: e.message ?? 'error' })
  })
  /** Ingests still closing (their peer may have closed first, e.g. with the server's workers). */
  const closings = new Set<Promise<void>>()
  app.addHook('onClose', async () => {
    await Promise.all([...ingests.values()].map((i) => i.close()))
    await Promise.all(closings)
  })

  app.post('/live/:stream/whip', async (req, reply) => {
    const { stream } = req.params as { stream: string }
    const offer = typeof req.body === 'string' ? req.body : ''
    const {
      peer,
      answerSdp,
      codec,
    }: { peer: SessionPeer & { hasAudio: boolean }; answerSdp: string; codec: VideoCodecName } = opts.pool
      ? await MediasoupPeer.answer(opts.pool.pick(), offer, { audio: true })
      : await MediaPeer.answer(offer, { loopbackOnly: opts.loopbackOnly ?? true, audio: true })
    const port = await allocateRtpPortPair()
    const sink = await RtpSink.open(port)
    let opusPort: number | undefined
    while (peer.hasAudio && (opusPort === undefined || opusPort === port))
      opusPort = await allocateRtpPortPair()
    const audioSink = opusPort === undefined ? undefined : await RtpSink.open(opusPort)
    const segmenter = await startRtpSegmenter({
      name: stream,
      codec,
      port,
      ...(opusPort === undefined ? {} : { opusPort }),
      ...(opts.segmentSeconds ? { segmentSeconds: opts.segmentSeconds } : {}),
      onSegment: (s) => {
        clearInterval(keyframes)
        void opts.gateway.enqueue({ stream, seq: s.seq, data: s.data, durationMs: s.durationMs })
      },
    })
    peer.on('videortp', (p) => sink.send(p))
    if (audioSink) peer.on('audiortp', (p) => audioSink.send(p))
    // Ask the sender for keyframes until the first segment exists.
    const keyframes = setInterval(() => peer.requestKeyframe(), 500)
    const id = randomBytes(6).toString('hex')
    const secret = randomBytes(24)
    let closing: Promise<void> | undefined
    const ingest: Ingest = {
      stream,
      secret,
      close: () => {
        closing ??= (async () => {
          clearInterval(keyframes)
          ingests.delete(id)
          await peer.close()
          sink.close()
          audioSink?.close()
          await segmenter.close()
          await opts.gateway.endStream(stream)
        })()
        const done = closing
        closings.add(done)
        done.finally(() => closings.delete(done)).catch(() => undefined)
        return closing
      },
    }
    ingests.set(id, ingest)
    peer.on('connectionstatechange', (s) => {
      if (s === 'failed' || s === 'closed') void ingest.close()
    })
    return reply
      .status(201)
      .header('content-type', 'application/sdp')
      .header('location', `/live/${stream}/whip/${id}/${secret.toString('base64url')}`)
      .send(answerSdp)
  })

  app.delete('/live/:stream/whip/:id', async (req) => {
    const { id } = req.params as { id: string }
    throw new GatewayWhipUnknownError(id)
  })
  app.delete('/live/:stream/whip/:id/:secret', async (req, reply) => {
    const { stream, id, secret } = req.params as { stream: string; id: string; secret: string }
    const ingest = ingests.get(id)
    const given = Buffer.from(secret, 'base64url')
    const ok =
      ingest?.stream === stream &&
      given.length === ingest.secret.length &&
      timingSafeEqual(given, ingest.secret)
    if (!ingest || !ok) throw new GatewayWhipUnknownError(id)
    await ingest.close()
    return reply.status(200).send()
  })
}
