import { create } from '@bufbuild/protobuf'
import { getAddress, type Hex, type LocalAccount, stringToBytes } from 'viem'
import { fixedBytes, toHex } from '../utils/bytes.ts'
import { RequestSigInvalidError } from './errors.ts'
import { type Capabilities, type OrchestratorRequest, OrchestratorRequestSchema } from './gen/net_pb.ts'
import { signNodeMessage, verifyNodeSignature, ZERO_ADDRESS_BYTES } from './nodeSignature.ts'

/** A gateway's discovery credentials: its address and its signature over it (computed once). */
export type RequestCredentials = {
  /** 20-byte address (zeros off chain). */
  address: Uint8Array
  /** Signature over {@link orchestratorRequestMessage} (empty off chain). */
  sig: Uint8Array
}

/** Off-chain credentials: 20 zero bytes and an empty signature. */
export const OFFCHAIN_REQUEST_CREDENTIALS: Readonly<RequestCredentials> = Object.freeze({
  address: ZERO_ADDRESS_BYTES,
  sig: new Uint8Array(0),
})

/**
 * What a gateway signs for discovery: the 42 ASCII bytes of its EIP-55 checksummed `0x…` address.
 * @example new TextDecoder().decode(orchestratorRequestMessage(addr)) // '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf'
 */
export function orchestratorRequestMessage(address: Hex | Uint8Array): Uint8Array {
  return stringToBytes(checksumAddress(address))
}

/** The EIP-55 string of 20 address bytes (longer input keeps its last 20 bytes, as go-ethereum). */
function checksumAddress(address: Hex | Uint8Array): Hex {
  return getAddress(toHex(fixedBytes(address, 20, 'address')))
}

/**
 * Signs the discovery request once, at startup.
 * @example const creds = await signOrchestratorRequest(privateKeyToAccount(key))
 */
export async function signOrchestratorRequest(
  account: Pick<LocalAccount, 'address' | 'signMessage'>,
): Promise<RequestCredentials> {
  const address = fixedBytes(account.address, 20, 'address')
  return { address, sig: await signNodeMessage(account, orchestratorRequestMessage(address)) }
}

/** Options of {@link orchestratorRequest}. */
export type OrchestratorRequestOptions = {
  /** What the gateway needs; absent = the orchestrator prices without capabilities. */
  capabilities?: Capabilities
  /** Skip the orchestrator's live AI capacity check (refreshing an existing session). Default: false. */
  ignoreCapacityCheck?: boolean
}

/**
 * A GetOrchestrator request.
 * @example await client.getOrchestrator(orchestratorRequest(creds, { capabilities }))
 */
export function orchestratorRequest(
  credentials: RequestCredentials,
  options: OrchestratorRequestOptions = {},
): OrchestratorRequest {
  return create(OrchestratorRequestSchema, {
    address: credentials.address,
    sig: credentials.sig,
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    ignoreCapacityCheck: options.ignoreCapacityCheck ?? false,
  })
}

/**
 * Checks a GetOrchestrator request's signature (orchestrator side). Off chain every request
 * passes, as in go-livepeer.
 *
 * @returns the sender's checksummed address (the zero address off chain when none was sent).
 * @throws WIRE_REQUEST_SIG_INVALID
 * @example const sender = verifyOrchestratorRequest(req, { offchain: false })
 */
export function verifyOrchestratorRequest(
  request: Pick<OrchestratorRequest, 'address' | 'sig'>,
  options: { offchain: boolean },
): Hex {
  const address = checksumAddress(request.address)
  if (options.offchain) return address
  if (!verifyNodeSignature(address, orchestratorRequestMessage(address), request.sig))
    throw new RequestSigInvalidError(`sender ${address}`)
  return address
}
