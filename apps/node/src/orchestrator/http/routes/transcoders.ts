/**
 * HTTP surface for remote transcoders on the orchestrator (docs/transcoder.md), beside the gRPC
 * `RegisterTranscoder` stream (`../grpc/transcoderService.ts`):
 * - `GET /stream/<session>/<seq>.tempfile`: the segment input a `NotifySegment` points at, served
 *   from memory while its task runs (404 otherwise). Rendition URLs have one more path level
 *   (`/stream/<session>/<profile>/<seq><ext>`) and are served elsewhere.
 * - `POST /transcodeResults`: results ({@link transcodeResultsRoute}).
 */

import type { FastifyInstance } from 'fastify'
import type { TranscoderRegistry } from '../../compute/TranscoderRegistry.ts'
import { transcodeResultsRoute } from './transcodeResults.ts'

/** Options of {@link transcoderPlugin}. */
export type TranscoderPluginOptions = {
  registry: TranscoderRegistry
  /** Largest result body. Default: 1 GiB. */
  maxResultBytes?: number
}

/**
 * Registers the transcoder routes (register unwrapped: the results parser stays local).
 *
 * @example
 * await app.register(transcoderPlugin, { registry })
 */
export async function transcoderPlugin(app: FastifyInstance, opts: TranscoderPluginOptions): Promise<void> {
  const { registry } = opts
  app.get('/stream/:session/:name', async (req, reply) => {
    const { session, name } = req.params as { session: string; name: string }
    const data = name.endsWith('.tempfile') ? registry.input(session, name) : undefined
    if (!data) return reply.status(404).type('text/plain; charset=utf-8').send('404 page not found\n')
    return reply
      .status(200)
      .type('video/mp2t')
      .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  })
  await app.register(transcodeResultsRoute, {
    registry,
    ...(opts.maxResultBytes ? { maxResultBytes: opts.maxResultBytes } : {}),
  })
}
