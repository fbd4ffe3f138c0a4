/**
 * gRPC on the orchestrator's port. A request is gRPC when it is HTTP/2 and its content type starts
 * with `application/grpc` (go-livepeer's rule); it goes to Connect's node adapter, which serves the
 * services mounted by every {@link GrpcService}. Everything else goes to fastify.
 */
import type { ConnectRouter } from '@connectrpc/connect'
import { connectNodeAdapter } from '@connectrpc/connect-node'
import type { AnyRequest, AnyResponse, RequestHandler } from './transport.ts'

/**
 * Mounts one or more gRPC services on the router, e.g.
 * `(router) => router.service(net.Orchestrator, impl)`. `buildServer` runs each one given in
 * `ServerOptions.grpcServices`, in order.
 */
export type GrpcService = (router: ConnectRouter) => void

/** True for an HTTP/2 request whose content type starts with `application/grpc`. */
export function isGrpcRequest(req: AnyRequest): boolean {
  if (req.httpVersionMajor !== 2) return false
  const type = req.headers['content-type']
  return typeof type === 'string' && type.startsWith('application/grpc')
}

/**
 * The port's request handler: gRPC requests to the mounted services (gRPC protocol only; an
 * unknown method is answered by Connect), the rest to `http`. Aborting `shutdown` ends every
 * running gRPC handler (server streams close when the node stops).
 *
 * @example
 * const handler = grpcOrHttp([(r) => r.service(net.Orchestrator, impl)], fastifyHandler, ac.signal)
 */
export function grpcOrHttp(
  services: readonly GrpcService[],
  http: RequestHandler,
  shutdown: AbortSignal,
): RequestHandler {
  const grpc = connectNodeAdapter({
    routes: (router) => {
      for (const mount of services) mount(router)
    },
    grpc: true,
    grpcWeb: false,
    connect: false,
    shutdownSignal: shutdown,
  })
  return (req: AnyRequest, res: AnyResponse) => {
    if (isGrpcRequest(req)) grpc(req, withSpecGrpcMessage(res))
    else http(req, res)
  }
}

/**
 * gRPC's `grpc-message` encoding: UTF-8, with every byte outside printable ASCII (0x20–0x7E) and
 * `%` itself written as `%XX`. Error texts such as `Invalid orchestrator request: OrchestratorCapped`
 * stay readable.
 *
 * @example encodeGrpcMessage('a: b%') // 'a: b%25'
 */
export function encodeGrpcMessage(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * Connect percent-encodes `grpc-message` like a URI component (`:` becomes `%3A`); gRPC clients
 * that decode only what the gRPC spec requires (grpc-js) would then show `%3A` in go-livepeer's
 * texts. Rewrites the header (trailers-only answers) and the trailer to the spec's encoding.
 */
function withSpecGrpcMessage(res: AnyResponse): AnyResponse {
  const fix = (headers: unknown) => {
    if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return
    const h = headers as Record<string, unknown>
    const m = h['grpc-message']
    if (typeof m !== 'string') return
    try {
      h['grpc-message'] = encodeGrpcMessage(decodeURIComponent(m))
    } catch {
      // not Connect's encoding: leave it
    }
  }
  const r = res as unknown as {
    writeHead(status: number, ...rest: unknown[]): unknown
    addTrailers(trailers: unknown): void
  }
  const writeHead = r.writeHead.bind(r)
  const addTrailers = r.addTrailers.bind(r)
  r.writeHead = (status: number, ...rest: unknown[]) => {
    for (const arg of rest) fix(arg)
    return writeHead(status, ...rest)
  }
  r.addTrailers = (trailers: unknown) => {
    fix(trailers)
    addTrailers(trailers)
  }
  return res
}
