/**
 * The gateway's HTTP server (default 127.0.0.1:9935): HLS for viewers at
 * `/live/{stream}/hls/index.m3u8` (master), `/live/{stream}/hls/{profile}/index.m3u8` and
 * `/live/{stream}/hls/{profile}/{seq}.ts`, WHIP ingest at `POST /live/{stream}/whip`, live AI parameter
 * updates at `POST /live/{stream}/update`, plus `/metrics` and `/healthz`.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { WorkerPool, type WorkerPoolOptions } from '../../webrtc/mediasoup/WorkerPool.ts'
import type { Gateway } from '../Gateway.ts'
import { whipIngestPlugin } from '../ingest/whipIngest.ts'
import { liveUpdateRoute } from '../live/liveUpdateRoute.ts'

/**
 * Builds the gateway's fastify app (not listening).
 *
 * @example
 * const app = await buildGatewayServer(gateway); await app.listen({ host: '127.0.0.1', port: 9935 })
 */
export async function buildGatewayServer(
  gateway: Gateway,
  opts: {
    segmentSeconds?: number
    loopbackOnly?: boolean
    /** Answer WHIP on mediasoup workers made with these options (closed with the server); without, werift. */
    mediaPlane?: WorkerPoolOptions
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  const { mediaPlane, ...ingest } = opts
  const pool = mediaPlane
    ? await WorkerPool.create({ loopbackOnly: opts.loopbackOnly ?? true, ...mediaPlane })
    : undefined
  whipIngestPlugin(app, { gateway, ...ingest, ...(pool ? { pool } : {}) })
  // after the ingests (registered first) closed their routers
  if (pool) app.addHook('onClose', () => pool.close())
  liveUpdateRoute(app, () => gateway.liveAi)
  app.get('/healthz', async () => ({ ok: true }))
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', gateway.metrics.registry.contentType)
    return gateway.metrics.registry.metrics()
  })
  app.get('/live/:stream/hls/index.m3u8', async (req, reply) => {
    const { stream } = req.params as { stream: string }
    const body = gateway.hls.masterPlaylist(stream)
    if (!body) return reply.status(404).send({ message: `unknown stream ${stream}` })
    return reply.header('content-type', 'application/vnd.apple.mpegurl').send(body)
  })
  app.get('/live/:stream/hls/:profile/index.m3u8', async (req, reply) => {
    const { stream, profile } = req.params as { stream: string; profile: string }
    const body = gateway.hls.mediaPlaylist(stream, profile)
    if (!body) return reply.status(404).send({ message: `unknown rendition ${stream}/${profile}` })
    return reply.header('content-type', 'application/vnd.apple.mpegurl').send(body)
  })
  app.get('/live/:stream/hls/:profile/:file', async (req, reply) => {
    const { stream, profile, file } = req.params as { stream: string; profile: string; file: string }
    const m = /^(\d+)\.ts$/.exec(file)
    const data = m ? gateway.hls.segment(stream, profile, Number(m[1])) : undefined
    if (!data) return reply.status(404).send({ message: `no segment ${file}` })
    return reply.header('content-type', 'video/mp2t').send(Buffer.from(data))
  })
  return app
}
