/**
 * Builds the orchestrator's fastify app (not listening): one plugin per concern. `cli/orchestrator.ts`
 * listens and handles signals; tests call `app.inject()`.
 */
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import { PricePolicy } from '../payment/pricePolicy.ts'
import { corsPlugin } from './cors.ts'
import { errorHandlerPlugin } from './errorHandler.ts'
import { adminPlugin } from './routes/admin.ts'
import { healthPlugin } from './routes/health.ts'
import { hlsPlugin } from './routes/hls.ts'
import { infoPlugin } from './routes/info.ts'
import { metricsPlugin } from './routes/metrics.ts'
import { whipPlugin } from './routes/whip.ts'
import type { ServerOptions } from './ServerTypes.ts'

const NODE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    return pkg.version
  } catch {
    return '0.0.0'
  }
})()

/**
 * Returns a ready fastify instance serving /info, /live/* (WHIP, HLS), /metrics, /healthz and /admin/*.
 *
 * @example
 * const orch = new Orchestrator(); await orch.start()
 * const app = await buildServer({ orchestrator: orch })
 * const res = await app.inject({ method: 'GET', url: '/info' })
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const app = (options.https
    ? Fastify({
        https: { cert: options.https.cert, key: options.https.key },
        bodyLimit: maxBodyBytes,
        logger: options.logRequests ?? false,
      })
    : Fastify({
        bodyLimit: maxBodyBytes,
        logger: options.logRequests ?? false,
      })) as unknown as FastifyInstance
  // The one price: /info quotes it and /admin/price changes it (paid nodes share it with tickets).
  const pricePolicy = options.pricePolicy ?? new PricePolicy({ pricePerUnit: 0n })
  errorHandlerPlugin(app, { maxBodyBytes })
  corsPlugin(app, { origins: options.corsOrigins ?? ['*'] })
  healthPlugin(app, { orchestrator: options.orchestrator })
  infoPlugin(app, {
    orchestrator: options.orchestrator,
    address: options.address ?? '0x0000000000000000000000000000000000000000',
    // read per request: startOrchestrator learns the bound port after building the app
    serviceURI: () => options.serviceURI || 'http://127.0.0.1:8935',
    nodeVersion: NODE_VERSION,
    pricePolicy,
    contributors: options.infoContributors ?? [],
  })
  whipPlugin(app, {
    orchestrator: options.orchestrator,
    maxSdpBytes: options.maxSdpBytes ?? 64 * 1024,
    iceServers: options.iceServers ?? [],
  })
  hlsPlugin(app, { orchestrator: options.orchestrator })
  if (options.metrics) metricsPlugin(app, { metrics: options.metrics })
  adminPlugin(app, {
    orchestrator: options.orchestrator,
    token: options.adminToken,
    pricePolicy,
  })
  for (const plugin of options.plugins ?? []) plugin(app)
  await app.ready()
  return app
}
