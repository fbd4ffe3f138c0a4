/**
 * Options of `buildServer` and the /info extension point.
 *
 * PLUG POINT (/info): `infoContributors` run in order for each `GET /info` and return fields to
 * merge into the document (shallow merge; arrays are replaced, so read `info` and extend it):
 *
 *     const ticketParams: InfoContributor = async (info, { sender }) =>
 *       sender ? { ticketParams: await receiver.ticketParamsFor(sender) } : {}
 *     const aiModels: InfoContributor = (info) => ({ models: [...info.models, ...MODELS],
 *       pipelines: info.pipelines.map((p) => (p.kind === 'ai' ? { ...p, price } : p)) })
 *
 * A contributor that throws a BaseError makes /info answer with its code and status (e.g. a
 * sender without reserve). The result is validated with `decodeOrchestratorInfo`.
 */
import type { OrchestratorInfo } from '@prism/protocol'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { OrchestratorMetrics } from '../../metrics/OrchestratorMetrics.ts'
import type { Orchestrator } from '../Orchestrator.ts'
import type { PricePolicy } from '../payment/pricePolicy.ts'
import type { GrpcService } from './grpcServices.ts'

/** Context given to each info contributor. */
export type InfoContext = {
  /** `?sender=0x…` of the request, if any. */
  sender?: string
  request: FastifyRequest
}

/** Adds fields to /info. */
export type InfoContributor = (
  info: OrchestratorInfo,
  ctx: InfoContext,
) => Partial<OrchestratorInfo> | Promise<Partial<OrchestratorInfo>>

/** Options of `buildServer`. */
export type ServerOptions = {
  orchestrator: Orchestrator
  /** Ethereum address of the orchestrator. Default: the zero address. */
  address?: string
  /** Public URI gateways use, e.g. `https://node.example:8935`. Default: `http://127.0.0.1:8935`. */
  serviceURI?: string
  /**
   * The node's one price: `/info` quotes it, `POST /admin/price` changes it. A paid node passes
   * the PaymentStack's policy (the one its ticket params are priced with). Default: a free policy
   * (price 0) of this server's own.
   */
  pricePolicy?: PricePolicy
  /** Extra /info fields (payments, AI). Default: []. */
  infoContributors?: InfoContributor[]
  /** CORS allowlist for /info and /live/*: exact origins or `*`. Default: ['*']. */
  corsOrigins?: string[]
  /** Bearer token of /admin/*; without one the admin endpoints answer ADMIN_DISABLED. */
  adminToken?: string
  /** Max request body bytes. Default: 1 MiB. */
  maxBodyBytes?: number
  /** Max SDP offer bytes. Default: 64 KiB. */
  maxSdpBytes?: number
  /** ICE servers advertised in the WHIP `Link` header. Default: []. */
  iceServers?: { urls: string; username?: string; credential?: string }[]
  /** TLS certificate and key (PEM); when set the server speaks HTTPS. */
  https?: { cert: string | Buffer; key: string | Buffer }
  /** Prometheus metrics; when absent `/metrics` is not served. */
  metrics?: OrchestratorMetrics
  /** Fastify request logging. Default: false. */
  logRequests?: boolean
  /** Extra route plugins registered after the built-in ones (e.g. `POST /payment`). Default: none. */
  plugins?: Array<(app: FastifyInstance) => void>
  /**
   * gRPC services on the same port (HTTP/2 requests with `content-type: application/grpc`), each
   * mounted in order on one Connect router, e.g. `(router) => router.service(net.Orchestrator, impl)`.
   * Default: none (gRPC calls are answered "unimplemented").
   */
  grpcServices?: GrpcService[]
}
