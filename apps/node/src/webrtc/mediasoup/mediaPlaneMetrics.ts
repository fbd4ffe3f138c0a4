/**
 * `/metrics` of the media plane, one series per worker (label `worker`, its index in the pool; no
 * stream or viewer ids): CPU seconds from `getResourceUsage()`, and the live routers, transports,
 * producers, consumers and WHEP viewers.
 */
import { Gauge, type Registry } from 'prom-client'
import type { MediaPlane } from './MediaPlane.ts'
import type { WorkerCounts } from './WorkerPool.ts'

/**
 * Registers the media plane's gauges.
 *
 * @example
 * registerMediaPlaneMetrics(metrics.registry, orchestrator.mediaPlane)
 */
export function registerMediaPlaneMetrics(registry: Registry, plane: MediaPlane): void {
  const count = (key: keyof WorkerCounts, help: string) =>
    new Gauge({
      name: `prism_mediasoup_${key}`,
      help,
      labelNames: ['worker'],
      registers: [registry],
      collect() {
        this.reset()
        for (const e of plane.pool.entries) this.set({ worker: String(e.index) }, e.counts[key])
      },
    })
  count('routers', 'mediasoup routers per worker (one per watched stream, one more per viewer payload type).')
  count(
    'transports',
    'mediasoup transports per worker (a PlainTransport per watched stream, one per viewer).',
  )
  count('producers', 'mediasoup producers per worker.')
  count('consumers', 'mediasoup consumers per worker.')
  count('viewers', 'WHEP viewers per worker.')
  new Gauge({
    name: 'prism_mediasoup_worker_cpu_seconds',
    help: 'CPU time (user + system) each mediasoup worker process used since it started.',
    labelNames: ['worker'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        plane.pool.entries.map(async (e) => {
          try {
            const u = await e.worker.getResourceUsage()
            this.set({ worker: String(e.index) }, (u.ru_utime + u.ru_stime) / 1000)
          } catch {
            // the worker just died; its replacement reports next time
          }
        }),
      )
    },
  })
}
