/**
 * gRPC `net.Orchestrator` as go-livepeer serves it: `GetOrchestrator` (discovery: request signature,
 * capacity, price, ticket params, capabilities, a new auth token), `EndTranscodingSession` and
 * `Ping`. Refusals travel as gRPC status Unknown (2) with go-livepeer's error text as message,
 * which go-livepeer gateways match on. Off chain (no payments) signatures are neither checked nor
 * made, the address is 20 zero bytes and there is no price or ticket params; the auth token is
 * issued and checked in both modes.
 */
import { create } from '@bufbuild/protobuf'
import { Code, ConnectError } from '@connectrpc/connect'
import {
  fixedBytes,
  isBaseError,
  net,
  OrchestratorCappedError,
  signNodeMessage,
  type TicketSigner,
  verifyOrchestratorRequest,
  ZERO_ADDRESS_BYTES,
} from '@prism/protocol'
import type { Address } from 'viem'
import { logger } from '../../../lib/logger.ts'
import type { Orchestrator } from '../../Orchestrator.ts'
import type { PaymentManager } from '../../payment/paymentManager.ts'
import type { PricePolicy } from '../../payment/pricePolicy.ts'
import type { GrpcService } from '../grpcServices.ts'
import type { AuthTokens } from './authTokens.ts'
import { liveAiCapacityOk, orchestratorCapabilities } from './orchestratorCapabilities.ts'
import { capabilitiesPrices, hasCapabilityPrices, quoteForCapabilities } from './quote.ts'
import type { SessionEndHooks } from './sessionEndHooks.ts'
import { ticketParamsMessage } from './ticketParamsMessage.ts'
import { withTranscoderCapacities } from './transcoderService.ts'

/** The on-chain side: payments (price, ticket params) and the node's signing account. */
export type OnChainIdentity = {
  payments: PaymentManager
  /** Signs Ping answers (the node's account). */
  signer: TicketSigner
  /** The node's address (ticket recipient, signer of results). */
  address: Address
}

/** Options of {@link orchestratorGrpcService}. */
export type OrchestratorServiceOptions = {
  orchestrator: Orchestrator
  /** The service URI (`OrchestratorInfo.transcoder`), read per call. */
  serviceURI: () => string
  /** The node's one price. */
  pricePolicy: PricePolicy
  /** Issues tokens (shared with `/segment`). */
  tokens: AuthTokens
  /** Teardown of a session on EndTranscodingSession (the `/segment` code registers). */
  endHooks: SessionEndHooks
  /** On chain: payments and account. Absent = off chain. */
  onChain?: OnChainIdentity
  /** Model ids of the `ai` pipeline (capability 35). Default: none. */
  aiModels?: readonly string[]
  /** The node's version (`Capabilities.version`). */
  version: string
  /** Sessions counted against `-maxSessions`. Default: the orchestrator's admitted sessions. */
  activeSessions?: () => number
  /** Capacity per capability of the attached remote transcoders, added to the advertised one. Default: none. */
  transcoderCapacities?: () => Readonly<Record<number, number>>
}

function refusal(err: unknown): ConnectError {
  if (err instanceof ConnectError) return err
  if (isBaseError(err)) return new ConnectError(err.shortMessage, Code.Unknown, undefined, undefined, err)
  logger.warn('gRPC net.Orchestrator handler failed', err)
  return new ConnectError('Internal Server Error', Code.Unknown, undefined, undefined, err)
}

/** Runs a handler; any error leaves as status Unknown with its go-livepeer text. */
async function answer<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw refusal(err)
  }
}

/**
 * Builds `OrchestratorInfo` for one verified request.
 */
async function orchestratorInfo(
  o: OrchestratorServiceOptions,
  req: net.OrchestratorRequest,
  sender: Address,
  offered: net.Capabilities,
): Promise<net.OrchestratorInfo> {
  const info = create(net.OrchestratorInfoSchema, {
    transcoder: o.serviceURI(),
    address: o.onChain ? fixedBytes(o.onChain.address, 20, 'address') : ZERO_ADDRESS_BYTES,
    capabilities: offered,
    authToken: o.tokens.issue(),
  })
  if (!o.onChain) return info
  const { payments } = o.onChain
  const caps = req.capabilities
  if (caps && hasCapabilityPrices(o.pricePolicy, caps)) {
    // the sum of the capability prices, adjusted with this sender's figures; params bound to it
    const { faceValue } = await payments.issuer.faceValueAndWinProb(sender)
    const price = quoteForCapabilities(o.pricePolicy, caps, { faceValue, txCost: payments.issuer.txCost() })
    const params = await payments.ticketParamsFor(sender, {
      fixedPrice: { pricePerUnit: price.pricePerUnit, pixelsPerUnit: price.pixelsPerUnit },
    })
    info.priceInfo = price
    info.ticketParams = ticketParamsMessage(params)
    return info
  }
  // the transcoding price as /info?sender= quotes it (the params are bound to it)
  const params = await payments.ticketParamsFor(sender)
  info.priceInfo = create(net.PriceInfoSchema, {
    pricePerUnit: params.price.pricePerUnit,
    pixelsPerUnit: params.price.pixelsPerUnit,
  })
  info.ticketParams = ticketParamsMessage(params)
  if (!caps)
    info.capabilitiesPrices = capabilitiesPrices(o.pricePolicy, o.aiModels ?? [], {
      faceValue: params.faceValue,
      txCost: payments.issuer.txCost(),
    })
  return info
}

/**
 * The capabilities the node advertises now: its pipelines' and the auth token's, with the
 * attached transcoders' capacities added. GetOrchestrator answers them and `/segment` checks a
 * job against them.
 */
export function advertisedCapabilities(o: OrchestratorServiceOptions): net.Capabilities {
  const orch = o.orchestrator
  return withTranscoderCapacities(
    orchestratorCapabilities({
      pipelineKinds: orch.pipelineKinds.map((k) => k.kind),
      maxSessions: orch.maxSessions,
      activeSessions: (o.activeSessions ?? (() => orch.sessionCounts.admitted))(),
      aiSessions: orch.sessions.filter((s) => s.pipelineKind === 'ai').length,
      aiModels: o.aiModels ?? [],
      version: o.version,
    }),
    o.transcoderCapacities?.() ?? {},
  )
}

/**
 * The service, to mount with `ServerOptions.grpcServices`.
 *
 * @example
 * buildServer({ orchestrator, grpcServices: [orchestratorGrpcService({ orchestrator, serviceURI,
 *   pricePolicy, tokens: new AuthTokens(), endHooks: new SessionEndHooks(), version: '0.1.0' })] })
 */
export function orchestratorGrpcService(o: OrchestratorServiceOptions): GrpcService {
  const orch = o.orchestrator
  const active = o.activeSessions ?? (() => orch.sessionCounts.admitted)
  const snapshot = () => advertisedCapabilities(o)
  return (router) =>
    router.service(net.Orchestrator, {
      getOrchestrator: (req) =>
        answer(async () => {
          const sender = verifyOrchestratorRequest(req, { offchain: !o.onChain })
          if (active() >= orch.maxSessions) throw new OrchestratorCappedError({ discovery: true })
          const offered = snapshot()
          if (req.capabilities && !req.ignoreCapacityCheck && !liveAiCapacityOk(req.capabilities, offered))
            throw new OrchestratorCappedError({ discovery: true })
          return orchestratorInfo(o, req, sender, offered)
        }),
      endTranscodingSession: (req) =>
        answer(async () => {
          const token = o.tokens.verifyForEnd(req.authToken)
          for (const err of await o.endHooks.end(token.sessionId))
            logger.warn(`ending session ${token.sessionId} failed`, err)
          return {}
        }),
      ping: (req) =>
        answer(async () => ({
          value: o.onChain ? await signNodeMessage(o.onChain.signer, req.value) : new Uint8Array(0),
        })),
    })
}
