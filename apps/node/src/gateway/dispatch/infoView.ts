/**
 * A `net.OrchestratorInfo` (what GetOrchestrator and a TranscodeResult carry) seen through
 * Prism's OrchestratorInfo shape, which the protocol's ranking (`rankOrchestrators`) and payment
 * session (`PaymentSession`) read: the price and ticket params exactly as received (the gateway
 * echoes them byte for byte), the capabilities, and a capacity from the advertised capacities.
 */
import {
  bytesToBigInt,
  CAPABILITIES,
  capabilitiesFromBitstring,
  type net,
  type OrchestratorInfo,
  type TicketParamsJson,
  toHex,
} from '@prism/protocol'

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

function hexOf(bytes: Uint8Array, size?: number): `0x${string}` {
  if (size === undefined) return toHex(bytes)
  const fitted = new Uint8Array(size)
  fitted.set(bytes.subarray(Math.max(0, bytes.length - size)), Math.max(0, size - bytes.length))
  return toHex(fitted)
}

/**
 * Ticket params as JSON, from their protobuf form: numbers from minimal big-endian bytes, the
 * recipient and hashes fitted to length (go-ethereum's rule), the seed as received.
 */
export function ticketParamsJson(p: net.TicketParams): TicketParamsJson {
  return {
    recipient: hexOf(p.recipient, 20),
    faceValue: bytesToBigInt(p.faceValue).toString(),
    winProb: bytesToBigInt(p.winProb).toString(),
    recipientRandHash: hexOf(p.recipientRandHash, 32),
    seed: hexOf(p.seed),
    expirationBlock: bytesToBigInt(p.expirationBlock).toString(),
    expirationParams: {
      creationRound: (p.expirationParams?.creationRound ?? 0n).toString(),
      creationRoundBlockHash: hexOf(p.expirationParams?.creationRoundBlockHash ?? new Uint8Array(32), 32),
    },
  }
}

/**
 * The Prism view of a gRPC OrchestratorInfo. `capacity.maxSessions` is the advertised capacity
 * of the auth-token capability (every transcoding orchestrator has it), else of H.264, else 1;
 * `sessions` is 0 (a full orchestrator refuses GetOrchestrator itself).
 *
 * @example rankOrchestrators([{ url, info: infoView(await getOrchestrator(url, req), url) }])
 */
export function infoView(info: net.OrchestratorInfo, uri: string): OrchestratorInfo {
  const caps = info.capabilities
  const ids = caps ? capabilitiesFromBitstring(caps.bitstring) : []
  const capacity = caps?.capacities[CAPABILITIES.AuthToken] ?? caps?.capacities[CAPABILITIES.H264] ?? 1
  const price = info.priceInfo
  return {
    version: 1,
    address: info.address.length ? hexOf(info.address, 20) : ZERO_ADDRESS,
    serviceURI: info.transcoder || uri,
    nodeVersion: caps?.version ?? '',
    price: price
      ? { pricePerUnit: price.pricePerUnit.toString(), pixelsPerUnit: price.pixelsPerUnit.toString() }
      : { pricePerUnit: '0', pixelsPerUnit: '1' },
    ...(info.ticketParams ? { ticketParams: ticketParamsJson(info.ticketParams) } : {}),
    capabilities: ids,
    capabilityBitstring: (caps?.bitstring ?? []).map((w) => w.toString()),
    pipelines: [{ kind: 'transcode' }],
    models: [],
    capacity: { maxSessions: Math.max(1, capacity), sessions: 0 },
    encoder: '',
  }
}
