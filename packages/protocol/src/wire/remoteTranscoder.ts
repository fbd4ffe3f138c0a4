import { DEFAULT_CAPABILITIES } from '../capabilities/defaultCapabilities.ts'
import { TranscoderCapacityZeroError, TranscoderSecretInvalidError } from './errors.ts'
import type { Capabilities, NotifySegment, RegisterRequest } from './gen/net_pb.ts'
import { netCapabilities } from './netCapabilities.ts'

/** The `orchId` an off-chain orchestrator puts in NotifySegment. */
export const OFFCHAIN_ORCH_ID = 'offchain'

/**
 * Checks a RegisterTranscoder request (orchestrator) and returns the transcoder's capabilities:
 * the ones it sent, or the default set with capacity 1 each when it sent none.
 * @throws WIRE_TRANSCODER_SECRET_INVALID (`invalid secret`), WIRE_TRANSCODER_CAPACITY_ZERO (`zero capacity`)
 * @example const caps = acceptRegisterRequest(req, orchSecret)
 */
export function acceptRegisterRequest(req: RegisterRequest, secret: string): Capabilities {
  if (req.secret !== secret) throw new TranscoderSecretInvalidError()
  if (req.capacity <= 0n) throw new TranscoderCapacityZeroError()
  return (
    req.capabilities ??
    netCapabilities({
      capabilities: DEFAULT_CAPABILITIES,
      capacities: Object.fromEntries(DEFAULT_CAPABILITIES.map((id) => [id, 1])),
    })
  )
}

/**
 * The session a NotifySegment tears down, or null for a work item: an empty `url` with
 * `segData.auth_token.session_id` set means "end session <id>".
 * @example const ended = teardownSessionId(notify)
 */
export function teardownSessionId(notify: Pick<NotifySegment, 'url' | 'segData'>): string | null {
  const id = notify.segData?.authToken?.sessionId
  return !notify.url && id ? id : null
}
