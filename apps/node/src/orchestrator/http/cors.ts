/**
 * CORS for the browser-facing routes (`/info`, `/live/*`): an allowlist of origins (`*` allows
 * any). Preflights from other origins get CORS_ORIGIN_DENIED; WHIP's Location and Link headers
 * are exposed to scripts.
 */
import type { FastifyInstance } from 'fastify'
import { CorsOriginDeniedError } from './errors.ts'

/** True when `url` is a path that browsers may call cross-origin. */
function isPublic(url: string): boolean {
  return url === '/info' || url.startsWith('/info?') || url.startsWith('/live/')
}

/** Registers the CORS hook and the OPTIONS preflight route. */
export function corsPlugin(app: FastifyInstance, opts: { origins: string[] }): void {
  const any = opts.origins.includes('*')
  const allowed = (origin: string) => any || opts.origins.includes(origin)
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin
    if (!origin || !isPublic(req.url)) return
    if (!allowed(origin)) {
      if (req.method === 'OPTIONS') throw new CorsOriginDeniedError(origin)
      return
    }
    reply.header('Access-Control-Allow-Origin', any ? '*' : origin)
    if (!any) reply.header('Vary', 'Origin')
    reply.header('Access-Control-Expose-Headers', 'Location, Link, ETag')
  })
  app.options('/*', async (req, reply) => {
    if (!isPublic(req.url))
      return reply.status(404).send({ code: 'HTTP_ROUTE_NOT_FOUND', message: 'no route' })
    reply.header('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS')
    reply.header('Access-Control-Allow-Headers', 'Content-Type, Authorization, If-Match')
    reply.header('Access-Control-Max-Age', '600')
    return reply.status(204).send()
  })
}
