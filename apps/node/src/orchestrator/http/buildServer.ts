/**
 * Builds the orchestrator's fastify app (not listening): one plugin per concern. `cli/orchestrator.ts`
 * listens and handles signals; tests call `app.inject()`.
 */
import { readFileSync } from 'node:fs'
import type { Server as HttpServer } from 'node:http'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import { PricePolicy } from '../payment/pricePolicy.ts'
import { corsPlugin } from './cors.ts'
import { errorHandlerPlugin } from './errorHandler.ts'
import { RequestInvalidError } from './errors.ts'
import { grpcOrHttp } from './grpcServices.ts'
import { adminPlugin } from './routes/admin.ts'
import { healthPlugin } from './routes/health.ts'
import { hlsPlugin } from './routes/hls.ts'
import { infoPlugin } from './routes/info.ts'
import { metricsPlugin } from './routes/metrics.ts'
import { whepPlugin } from './routes/whep.ts'
import { whipPlugin } from './routes/whip.ts'
import type { ServerOptions } from './ServerTypes.ts'
import { createTransport, type RequestHandler } from './transport.ts'

/** The node's version (apps/node package.json), as `/info` and gRPC capabilities give it. */
export const NODE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    return pkg.version
  } catch {
    return '0.0.0'
  }
})()

/**
 * Returns a ready fastify instance serving /info, /live/* (WHIP, HLS), /metrics, /healthz and /admin/*,
 * plus the `grpcServices` on the same port once it listens (TLS with `https`, else plaintext HTTP/2
 * prior knowledge and HTTP/1.1).
 *
 * @example
 * const orch = new Orchestrator(); await orch.start()
 * const app = await buildServer({ orchestrator: orch })
 * const res = await app.inject({ method: 'GET', url: '/info' })
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  // Aborted before the port closes: running gRPC handlers (server streams) end first.
  const shutdown = new AbortController()
  const grpcServices = options.grpcServices ?? []
  const app = Fastify({
    bodyLimit: maxBodyBytes,
    logger: options.logRequests ?? false,
    // the router's own refusals (bad URL encoding, over-long parameters) answer like every error
    frameworkErrors: (err, _req, reply) => {
      const e = new RequestInvalidError(err.message)
      void (reply as unknown as FastifyReply)
        .status(e.httpStatus)
        .send({ code: e.code, message: e.shortMessage })
    },
    // one port, every protocol: gRPC (HTTP/2 + application/grpc) beside fastify's HTTP/1.1 and h2
    serverFactory: (handler) =>
      createTransport({
        ...(options.https ? { tls: options.https } : {}),
        handler: grpcOrHttp(grpcServices, handler as RequestHandler, shutdown.signal),
      }) as unknown as HttpServer,
  }) as unknown as FastifyInstance
  app.addHook('preClose', (done) => {
    shutdown.abort()
    done()
  })
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
  const plane = options.orchestrator.mediaPlane
  if (plane)
    whepPlugin(app, {
      orchestrator: options.orchestrator,
      plane,
      maxSdpBytes: options.maxSdpBytes ?? 64 * 1024,
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
