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
    if (isGrpcRequest(req)) grpc(req, res)
    else http(req, res)
  }
}
