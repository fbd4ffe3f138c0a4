/**
 * HTTP surface for attached transcoders on the orchestrator (docs/transcoder.md):
 * - `GET /transcoder/attach?capacity=N` with `Authorization: Bearer <orchSecret>`: a long-lived
 *   `application/x-ndjson` response; one JSON line per job (`{type:'job',…}`), `{type:'ping'}` every
 *   `pingMs`. Closing the connection detaches the transcoder; its jobs move elsewhere.
 * - `POST /transcoder/results/:id` (same auth), JSON `{renditions:[…]}` or `{error}` → 204.
 */

import type { TranscoderResultMessage, TranscoderStreamMessage } from '@prism/protocol'
import { isBaseError } from '@prism/protocol'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TranscoderRegistry } from '../../compute/TranscoderRegistry.ts'

/** Options of {@link transcoderPlugin}. */
export type TranscoderPluginOptions = {
  registry: TranscoderRegistry
  /** Keep-alive interval. Default: 5000 ms. */
  pingMs?: number
  /** Largest result body. Default: 512 MiB. */
  maxResultBytes?: number
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined
}

/**
 * Registers the transcoder routes (register unwrapped: its error handler stays local).
 *
 * Error codes: `TRANSCODER_AUTH_INVALID` (401), `TRANSCODER_JOB_UNKNOWN` (404).
 * @example
 * await app.register(transcoderPlugin, { registry })
 */
export async function transcoderPlugin(app: FastifyInstance, opts: TranscoderPluginOptions): Promise<void> {
  const { registry } = opts
  app.setErrorHandler((err, _req, reply) => {
    if (isBaseError(err)) return reply.status(err.httpStatus).send(err.toJSON())
    const e = err as { statusCode?: number; message?: string }
    return reply.status(e.statusCode ?? 500).send({ code: 'TRANSCODER_JOB_UNKNOWN', message: e.message })
  })

  app.get('/transcoder/attach', async (req, reply) => {
    registry.checkSecret(bearer(req))
    const capacity = Math.max(1, Number((req.query as { capacity?: string }).capacity ?? 1) || 1)
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' })
    const write = (m: TranscoderStreamMessage): boolean => {
      if (res.destroyed || res.writableEnded) return false
      res.write(`${JSON.stringify(m)}\n`)
      return true
    }
    const id = registry.handleAttach({
      address: req.ip,
      capacity,
      send: write,
      close: () => res.end(),
    })
    write({ type: 'hello', id })
    const ping = setInterval(() => write({ type: 'ping' }), opts.pingMs ?? 5000)
    const detach = (): void => {
      clearInterval(ping)
      registry.handleDetach(id)
    }
    req.raw.socket.once('close', detach)
    res.once('close', detach)
  })

  app.post(
    '/transcoder/results/:id',
    { bodyLimit: opts.maxResultBytes ?? 512 * 1024 * 1024 },
    async (req, reply) => {
      registry.checkSecret(bearer(req))
      const { id } = req.params as { id: string }
      registry.handleResult(id, req.body as TranscoderResultMessage)
      return reply.status(204).send()
    },
  )
}
