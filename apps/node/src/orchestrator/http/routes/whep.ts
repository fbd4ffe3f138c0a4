/**
 * WHEP (RFC 9725 shape) for viewers of a live session's output: `POST /live/{stream}/whep` with an
 * `application/sdp` offer (recvonly video; other sections are rejected in the answer) ->
 * `201 Created`, `Location: /live/{stream}/whep/{viewer}` and the answer SDP. `{viewer}` is 192
 * random bits made for this viewer and shown nowhere else: the Location is the resource and
 * belongs to whoever received it. `DELETE` on it ends the viewer; `PATCH` (trickle ICE) answers
 * 405: offers carry their candidates. CORS is the WHIP route's (`/live/*`). Viewers do not pay: the
 * broadcaster's session pays for the stream, and a session whose output is paused (awaiting
 * payment) sends its viewers nothing either. `?rendition=<profile>` watches one rendition of a
 * transcode's ladder (encoded for viewers from its first one until the session ends; an unknown
 * name answers WHEP_RENDITION_NOT_FOUND, 404). Registered only when the orchestrator has a media plane.
 */
import type { FastifyInstance } from 'fastify'
import {
  WhepRenditionNotFoundError,
  WhepStreamNotLiveError,
  WhepViewerNotFoundError,
} from '../../../webrtc/mediasoup/errors.ts'
import type { MediaPlane, ViewableStream } from '../../../webrtc/mediasoup/MediaPlane.ts'
import type { Orchestrator } from '../../Orchestrator.ts'
import type { RenditionFeed } from '../../pipelines/RenditionFeed.ts'
import type { Session } from '../../sessions/Session.ts'
import { RequestInvalidError, WhipPatchUnsupportedError } from '../errors.ts'
import { sdpOfferBody } from './sdpOfferBody.ts'

/** Options of the WHEP plugin. */
export type WhepPluginOptions = {
  orchestrator: Orchestrator
  plane: MediaPlane
  maxSdpBytes: number
}

/** A session's output as the media plane watches it. */
export function viewableSession(session: Session): ViewableStream {
  return {
    name: session.streamId,
    codec: session.codec,
    onRtp(cb) {
      session.on('outputrtp', cb)
      return () => session.off('outputrtp', cb)
    },
    requestKeyframe: () => session.requestOutputKeyframe(),
    onEnd(cb) {
      if (session.closed) {
        queueMicrotask(cb)
        return () => undefined
      }
      const listener = () => cb()
      session.once('close', listener)
      return () => session.off('close', listener)
    },
  }
}

/** One rendition of a session's ladder as the media plane watches it (ends with the session). */
export function viewableRendition(session: Session, feed: RenditionFeed): ViewableStream {
  const whole = viewableSession(session)
  return {
    name: `${session.streamId} (${feed.name})`,
    codec: feed.codec,
    onRtp: (cb) => feed.onRtp(cb),
    requestKeyframe: () => feed.requestKeyframe(),
    onEnd: whole.onEnd,
  }
}

/** The media plane's key of a session's stream, or of one of its renditions (`<session>#<rendition>`). */
function planeKey(sessionId: string, rendition?: string): string {
  return rendition === undefined ? sessionId : `${sessionId}#${rendition}`
}

/** Registers the WHEP routes (the WHIP plugin registered the `application/sdp` body parser). */
export function whepPlugin(app: FastifyInstance, opts: WhepPluginOptions): void {
  const { orchestrator: orch, plane } = opts

  app.post('/live/:stream/whep', async (req, reply) => {
    const sdp = sdpOfferBody(req, opts.maxSdpBytes)
    const { stream } = req.params as { stream: string }
    const session = orch.getSessionByStream(stream)
    if (!session || session.closed) throw new WhepStreamNotLiveError(stream)
    const { rendition } = (req.query ?? {}) as { rendition?: unknown }
    if (rendition !== undefined && typeof rendition !== 'string')
      throw new RequestInvalidError('rendition must be given once')
    let viewable = viewableSession(session)
    if (rendition !== undefined) {
      const feed = session.renditionFeed(rendition)
      if (!feed) throw new WhepRenditionNotFoundError(stream, rendition, session.viewerRenditions)
      viewable = viewableRendition(session, feed)
    }
    const { viewer, answerSdp } = await plane.addViewer(planeKey(session.id, rendition), viewable, sdp)
    reply.header('Location', `/live/${encodeURIComponent(stream)}/whep/${viewer.id}`)
    reply.header('ETag', `"${viewer.consumer.id}"`)
    reply.header('Content-Type', 'application/sdp')
    return reply.status(201).send(answerSdp)
  })

  /** The viewer the Location names (unknown ids and other streams answer alike). */
  const owned = (params: unknown): string => {
    const { stream, viewer } = params as { stream: string; viewer: string }
    const v = plane.getViewer(viewer)
    const sessionId = v?.streamKey.split('#')[0] ?? ''
    if (!v || orch.getSession(sessionId)?.streamId !== stream) throw new WhepViewerNotFoundError()
    return v.id
  }

  app.delete('/live/:stream/whep/:viewer', async (req, reply) => {
    plane.closeViewer(owned(req.params))
    return reply.status(200).send({ closed: true })
  })

  app.patch('/live/:stream/whep/:viewer', async (req, reply) => {
    owned(req.params)
    reply.header('Allow', 'DELETE')
    throw new WhipPatchUnsupportedError()
  })
}
