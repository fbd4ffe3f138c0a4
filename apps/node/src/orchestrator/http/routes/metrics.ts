/** `GET /metrics`: Prometheus text from OrchestratorMetrics. */
import type { FastifyInstance } from 'fastify'
import type { OrchestratorMetrics } from '../../../metrics/OrchestratorMetrics.ts'

/** Registers `/metrics`. */
export function metricsPlugin(app: FastifyInstance, opts: { metrics: OrchestratorMetrics }): void {
  app.get('/metrics', async (_req, reply) => {
    reply.header('Content-Type', opts.metrics.contentType)
    return opts.metrics.metrics()
  })
}
