/**
 * The gateway's sessions with a real orchestrator (TLS port, GetOrchestrator over gRPC): a session
 * starts from discovery's info once, keeps its auth token while it is fresh, takes a new one by
 * GetOrchestrator in the token's last 180 s, and a new one when its ticket params expire
 * (expiration block − current block ≤ 1); EndTranscodingSession ends it on the orchestrator.
 */
import {
  bytesToBigInt,
  netCapabilities,
  orchestratorRequest,
  type RequestCredentials,
  signOrchestratorRequest,
} from '@prism/protocol'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OrchestratorSessions } from '../../../apps/node/src/gateway/dispatch/OrchestratorSessions.ts'
import { getOrchestrator } from '../../../apps/node/src/gateway/dispatch/orchestratorRpc.ts'
import { AuthTokens } from '../../../apps/node/src/orchestrator/http/grpc/authTokens.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'

const capabilities = netCapabilities({ capabilities: [0, 1, 12] })
/** One clock for the orchestrator's tokens and the gateway's sessions. */
let nowMs = Date.now()
const clock = { now: () => nowMs }

describe('gateway sessions against an orchestrator', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let credentials: RequestCredentials

  beforeAll(async () => {
    chain = await startDevChain({ roundLength: 200 })
    node = await startPaidSegmentNode(chain, {
      pricePerUnit: 0n,
      ticketEV: 1_000_000_000_000n,
      tokens: new AuthTokens({ clock }),
    })
    credentials = await signOrchestratorRequest(privateKeyToAccount(generatePrivateKey()))
  })
  afterAll(async () => {
    await node?.close()
    await chain?.close()
  })

  it('refreshes the auth token before it expires and the ticket params when they expire', async () => {
    let block = 0n
    const sessions = new OrchestratorSessions({
      credentials: credentials,
      capabilities,
      clock,
      currentBlock: async () => block,
    })
    const seed = await getOrchestrator(node.uri, orchestratorRequest(credentials, { capabilities }))
    block = bytesToBigInt(seed.ticketParams!.expirationBlock) - 10n
    sessions.seed(node.uri, seed)

    const first = await sessions.current('cam', node.uri)
    expect(first.authToken?.sessionId).toBe(seed.authToken?.sessionId)
    // the seed serves one session only: another stream asks for its own
    const other = await sessions.current('cam2', node.uri)
    expect(other.authToken?.sessionId).not.toBe(seed.authToken?.sessionId)
    expect((await sessions.current('cam', node.uri)).authToken?.sessionId).toBe(seed.authToken?.sessionId)

    // 26 min later the token (30 min) is still outside its last 180 s
    nowMs += 26 * 60_000
    expect((await sessions.current('cam', node.uri)).authToken?.sessionId).toBe(seed.authToken?.sessionId)
    // within the last 180 s: a new GetOrchestrator, a new session id
    nowMs += 2 * 60_000
    const refreshed = await sessions.current('cam', node.uri)
    expect(refreshed.authToken?.sessionId).not.toBe(seed.authToken?.sessionId)

    // ticket params one block from expiry: refreshed again
    block = bytesToBigInt(refreshed.ticketParams!.expirationBlock) - 1n
    const fresh = await sessions.current('cam', node.uri)
    expect(fresh.authToken?.sessionId).not.toBe(refreshed.authToken?.sessionId)

    // the stream's end: EndTranscodingSession for each of its sessions
    node.sessions.store(fresh.authToken!.sessionId, 'P240p30fps16x9', '0.ts', Uint8Array.of(1))
    expect(node.sessions.has(fresh.authToken!.sessionId)).toBe(true)
    expect(await sessions.endStream('cam')).toEqual([fresh.authToken!.sessionId])
    expect(node.sessions.has(fresh.authToken!.sessionId)).toBe(false)
    expect(sessions.get('cam', node.uri)).toBeUndefined()
    expect(sessions.get('cam2', node.uri)).toBeDefined()
  })
})
