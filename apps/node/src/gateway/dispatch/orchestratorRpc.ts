/**
 * The gateway's gRPC client of `net.Orchestrator`, configured as go-livepeer's: one HTTP/2
 * connection per call, closed after it; TLS without certificate verification (orchestrators use
 * self-signed certificates), plaintext HTTP/2 with prior knowledge for `http://` service URIs; a
 * 3 s connect timeout and a whole-call deadline.
 */
import { create } from '@bufbuild/protobuf'
import { Code, ConnectError, createClient } from '@connectrpc/connect'
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node'
import { net } from '@prism/protocol'

/** Deadline of a discovery call (go-livepeer caps a discovery round at 6 s). */
export const GET_ORCHESTRATOR_TIMEOUT_MS = 6000
/** Deadline of EndTranscodingSession and other short calls. */
export const SHORT_CALL_TIMEOUT_MS = 2500

/** How a call failed: the orchestrator refused (its error text), or it could not be reached. */
export type RpcFailure =
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; message: string; code: string }

/**
 * Classifies a gRPC call error: status Unknown carries go-livepeer's refusal text (e.g.
 * `Invalid orchestrator request: OrchestratorCapped`); anything else is a transport failure,
 * with its system code (`ECONNREFUSED`) or the gRPC code name (`DeadlineExceeded`).
 */
export function rpcFailure(err: unknown): RpcFailure {
  const e = ConnectError.from(err)
  if (e.code === Code.Unknown || e.code === Code.PermissionDenied || e.code === Code.InvalidArgument)
    return { kind: 'refused', message: e.rawMessage }
  let cause: unknown = e.cause
  let code: string | undefined
  for (let i = 0; cause && i < 5 && !code; i++) {
    const c = cause as { code?: unknown; cause?: unknown }
    if (typeof c.code === 'string') code = c.code
    cause = c.cause
  }
  return { kind: 'unreachable', message: e.rawMessage, code: code ?? Code[e.code] }
}

/**
 * Runs one call on a fresh connection to `uri` and closes it.
 * @throws ConnectError (classify it with {@link rpcFailure}).
 */
async function withClient<T>(
  uri: string,
  timeoutMs: number,
  call: (client: ReturnType<typeof createClient<typeof net.Orchestrator>>) => Promise<T>,
): Promise<T> {
  const secure = uri.startsWith('https:')
  const sessionManager = new Http2SessionManager(
    uri,
    { idleConnectionTimeoutMs: timeoutMs },
    secure ? { rejectUnauthorized: false } : {},
  )
  const transport = createGrpcTransport({
    baseUrl: uri,
    sessionManager,
    defaultTimeoutMs: timeoutMs,
  })
  try {
    return await call(createClient(net.Orchestrator, transport))
  } finally {
    sessionManager.abort()
  }
}

/**
 * `GetOrchestrator`: the orchestrator's info for this gateway (price, ticket params for its
 * address, capabilities, a new auth token).
 * @throws ConnectError (see {@link rpcFailure}).
 * @example const info = await getOrchestrator('https://127.0.0.1:8935', orchestratorRequest(creds, { capabilities }))
 */
export function getOrchestrator(
  uri: string,
  request: net.OrchestratorRequest,
  timeoutMs = GET_ORCHESTRATOR_TIMEOUT_MS,
): Promise<net.OrchestratorInfo> {
  return withClient(uri, timeoutMs, (c) => c.getOrchestrator(request))
}

/**
 * `EndTranscodingSession`: tells the orchestrator the session of `token` is over.
 * @throws ConnectError (see {@link rpcFailure}).
 */
export async function endTranscodingSession(
  uri: string,
  token: net.AuthToken,
  timeoutMs = SHORT_CALL_TIMEOUT_MS,
): Promise<void> {
  await withClient(uri, timeoutMs, (c) =>
    c.endTranscodingSession(create(net.EndTranscodingSessionRequestSchema, { authToken: token })),
  )
}
