/** `GET /live/{stream}/hls/{file}`: HLS playlists and segments written by transcode sessions. */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Orchestrator } from '../../Orchestrator.ts'
import { HlsNotFoundError } from '../errors.ts'

const FILE = /^[A-Za-z0-9_-]+\.(m3u8|ts)$/

/** Registers the HLS route. */
export function hlsPlugin(app: FastifyInstance, opts: { orchestrator: Orchestrator }): void {
  app.get('/live/:stream/hls/:file', async (req, reply) => {
    const { stream, file } = req.params as { stream: string; file: string }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream) || !FILE.test(file))
      throw new HlsNotFoundError(`${stream}/${file}`)
    let body: Buffer
    try {
      body = await readFile(join(opts.orchestrator.hlsDir(stream), file))
    } catch {
      throw new HlsNotFoundError(`${stream}/${file}`)
    }
    reply.header('Content-Type', file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t')
    reply.header('Cache-Control', file.endsWith('.m3u8') ? 'no-cache' : 'max-age=60')
    return reply.send(body)
  })
}
