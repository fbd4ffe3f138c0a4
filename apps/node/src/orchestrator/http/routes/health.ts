/** `GET /healthz`: liveness with session count and encoder. */
import type { FastifyInstance } from 'fastify'
import type { Orchestrator } from '../../Orchestrator.ts'

/** Registers `/healthz`. */
export function healthPlugin(app: FastifyInstance, opts: { orchestrator: Orchestrator }): void {
  app.get('/healthz', async () => ({
    status: 'ok',
    sessions: opts.orchestrator.sessions.length,
    encoder: opts.orchestrator.encoder.encoder,
  }))
}
