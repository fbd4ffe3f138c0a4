/**
 * `GET /stream/<session>/<profile>/<seq><ext>`: the renditions `POST /segment` made, from memory
 * (the last 12 per session and profile, see SegmentSessions), as go-livepeer's in-memory object
 * store serves them. `.ts` is `video/mp2t`, `.mp4` `video/mp4`, a perceptual hash (`.phash`)
 * `application/octet-stream`. Remote transcoders' inputs (`/stream/<session>/<name>`, two path
 * parts) are served by the transcoder routes.
 */
import type { FastifyInstance } from 'fastify'
import type { SegmentSessions } from '../../sessions/SegmentSessions.ts'
import { RenditionNotFoundError } from '../errors.ts'

function contentType(file: string): string {
  if (file.endsWith('.ts')) return 'video/mp2t'
  if (file.endsWith('.mp4')) return 'video/mp4'
  return 'application/octet-stream'
}

/**
 * Registers the rendition downloads.
 *
 * Error codes: `RENDITION_NOT_FOUND` (404) for a rendition never made or no longer kept.
 * @example
 * streamPlugin(app, { sessions })
 * // GET /stream/5f3a9c1e/P240p30fps16x9/7.ts → 200 video/mp2t
 */
export function streamPlugin(app: FastifyInstance, opts: { sessions: SegmentSessions }): void {
  app.get('/stream/:session/:profile/:file', async (req, reply) => {
    const { session, profile, file } = req.params as { session: string; profile: string; file: string }
    const data = opts.sessions.file(session, profile, file)
    if (!data) throw new RenditionNotFoundError(`${session}/${profile}/${file}`)
    return reply.type(contentType(file)).send(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  })
}
