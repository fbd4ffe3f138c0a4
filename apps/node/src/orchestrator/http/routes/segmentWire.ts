/**
 * What `POST /segment` shares with the rest of the node, for the composition (`segmentService`,
 * the CLI, tests): the auth tokens GetOrchestrator issues, the node's capabilities, its service
 * URI, its session limit and, on chain, the account that signs results. {@link segmentRouteOptions}
 * turns it (and the PaymentManager, on chain) into the route's options.
 */
import { CAPABILITIES, type net, netCapabilities, type TicketSigner } from '@prism/protocol'
import type { Address } from 'viem'
import type { PaymentManager } from '../../payment/paymentManager.ts'
import { segmentPaymentGate } from '../../payment/segmentPaymentGate.ts'
import type { SegmentSessions } from '../../sessions/SegmentSessions.ts'
import { AuthTokens } from '../grpc/authTokens.ts'
import { offeredCapabilities } from './info.ts'
import type { SegmentPluginOptions } from './segment.ts'

/** The node context of the segment route. */
export type SegmentWireOptions = {
  /** The tokens GetOrchestrator issues (one AuthTokens per process). */
  tokens: AuthTokens
  /** The node's capabilities now (what GetOrchestrator advertises). */
  capabilities: () => net.Capabilities
  /** The service URI, read per request. */
  serviceURI: () => string
  /** Sessions (EndTranscodingSession ends them here). Default: the route's own. */
  sessions?: SegmentSessions
  /** `-maxSessions`. Default: 10. */
  maxSessions?: () => number
  /** Sessions counted against maxSessions. Default: the segment sessions. */
  activeSessions?: () => number
  /** On chain: the node's account (signs results) and address. Required with payments. */
  identity?: { signer: TicketSigner; address: Address }
}

/** The route's options for a node context. */
export type SegmentRouteOptions = Omit<SegmentPluginOptions, 'transcode' | 'maxSegmentBytes' | 'onSegment'>

/**
 * A context for a node nobody else issues tokens for (tests, a bare segment service): fresh
 * tokens, transcoding capabilities, the given service URI.
 */
export function standaloneSegmentWire(serviceURI: () => string = () => ''): SegmentWireOptions {
  const ids = [...offeredCapabilities(['transcode']), CAPABILITIES.AuthToken]
  const caps = netCapabilities({ capabilities: ids, capacities: Object.fromEntries(ids.map((i) => [i, 10])) })
  return { tokens: new AuthTokens(), capabilities: () => caps, serviceURI }
}

/**
 * The route options: off chain without `payments`, else on chain with the payment gate and the
 * identity's signer and address.
 *
 * @throws Error when `payments` is given without `wire.identity` (results could not be signed).
 * @example
 * app.register(segmentPlugin, { transcode, ...segmentRouteOptions(wire, stack.payments) })
 */
export function segmentRouteOptions(
  wire: SegmentWireOptions,
  payments?: PaymentManager,
): SegmentRouteOptions {
  const { identity, ...rest } = wire
  if (!payments) return rest
  if (!identity) throw new Error('a paid segment route needs the node identity (signer and address)')
  return { ...rest, onChain: { payments: segmentPaymentGate(payments), ...identity } }
}
