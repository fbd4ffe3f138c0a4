/**
 * The gateway's transcoding sessions, one per (stream, orchestrator) as go-livepeer keeps them:
 * each holds the orchestrator's latest `net.OrchestratorInfo` (auth token, ticket params, price).
 * A session starts from the info discovery got (once) or from a new `GetOrchestrator`; it is
 * refreshed by `GetOrchestrator` when its auth token is within 180 s of expiry or its ticket
 * params expire (expiration block − current block ≤ 1); a TranscodeResult's `info` replaces it
 * (new ticket params, the same auth token). A stream's end sends `EndTranscodingSession` for
 * each of its sessions.
 */
import {
  authTokenNeedsRefresh,
  bytesToBigInt,
  type net,
  orchestratorRequest,
  type RequestCredentials,
} from '@prism/protocol'
import { endTranscodingSession, getOrchestrator } from './orchestratorRpc.ts'

/** Options of {@link OrchestratorSessions}. */
export type OrchestratorSessionsOptions = {
  /** The gateway's signed discovery credentials (off chain: zero address, no signature). */
  credentials: RequestCredentials | Promise<RequestCredentials>
  /** What segments need (sent in GetOrchestrator, checked against the orchestrator's). */
  capabilities: net.Capabilities
  /** Latest L1 block (on chain: params expiry). Default: params expiry is not checked. */
  currentBlock?: () => Promise<bigint>
  /** GetOrchestrator. Default: the gRPC call of orchestratorRpc. */
  getOrchestrator?: (uri: string, req: net.OrchestratorRequest) => Promise<net.OrchestratorInfo>
  /** EndTranscodingSession. Default: the gRPC call of orchestratorRpc. */
  endSession?: (uri: string, token: net.AuthToken) => Promise<void>
  /** Default: Date. */
  clock?: { now(): number }
}

/**
 * Sessions by (stream, orchestrator URI).
 *
 * @example
 * const sessions = new OrchestratorSessions({ credentials, capabilities })
 * sessions.seed(uri, infoFromDiscovery)
 * const info = await sessions.current('cam', uri) // auth token, params and price for the next segment
 */
export class OrchestratorSessions {
  readonly #o: OrchestratorSessionsOptions
  readonly #sessions = new Map<string, { stream: string; uri: string; info: net.OrchestratorInfo }>()
  readonly #seeds = new Map<string, net.OrchestratorInfo>()
  /** Starts and refreshes under way, by session key: concurrent segments share one. */
  readonly #pending = new Map<string, Promise<net.OrchestratorInfo>>()

  constructor(options: OrchestratorSessionsOptions) {
    this.#o = options
  }

  /** The GetOrchestrator request this gateway sends. */
  async request(): Promise<net.OrchestratorRequest> {
    return orchestratorRequest(await this.#o.credentials, { capabilities: this.#o.capabilities })
  }

  /** Info discovery got from `uri`: the next new session with it starts from it (once). */
  seed(uri: string, info: net.OrchestratorInfo): void {
    this.#seeds.set(uri, info)
  }

  /** The session's info now, or undefined before its first segment. */
  get(stream: string, uri: string): net.OrchestratorInfo | undefined {
    return this.#sessions.get(key(stream, uri))?.info
  }

  /**
   * The session's info for its next segment: started (from the seed or GetOrchestrator) or
   * refreshed when its token or params are about to expire. Segments of a stream sent side by side
   * share one start or refresh (one auth token, one session on the orchestrator).
   * @throws the GetOrchestrator call's ConnectError.
   */
  current(stream: string, uri: string): Promise<net.OrchestratorInfo> {
    return this.#once(stream, uri, async () => {
      const s = this.#sessions.get(key(stream, uri))
      if (s && !(await this.#stale(s.info))) return s.info
      const seed = s ? undefined : this.#seeds.get(uri)
      if (seed) {
        this.#seeds.delete(uri)
        if (!(await this.#stale(seed))) return this.#set(stream, uri, seed)
      }
      return this.#refresh(stream, uri)
    })
  }

  /**
   * A new GetOrchestrator for the session (new auth token and params); one already under way for
   * it is shared.
   * @throws the call's ConnectError.
   */
  refresh(stream: string, uri: string): Promise<net.OrchestratorInfo> {
    return this.#once(stream, uri, () => this.#refresh(stream, uri))
  }

  /**
   * A TranscodeResult's `info` replaces the session's (keeping the auth token if it has none). An
   * answer that comes after a newer one (segments sent side by side) changes nothing: one for
   * another auth token session, or with ticket params that expire earlier than the session's.
   */
  update(stream: string, uri: string, info: net.OrchestratorInfo): void {
    const s = this.#sessions.get(key(stream, uri))
    if (!s) return
    const token = s.info.authToken
    if (!info.authToken) info.authToken = token
    else if (token && info.authToken.sessionId !== token.sessionId) return
    const mine = s.info.ticketParams?.expirationBlock
    const theirs = info.ticketParams?.expirationBlock
    if (mine && theirs && bytesToBigInt(theirs) < bytesToBigInt(mine)) return
    s.info = info
  }

  /**
   * Forgets one session (its orchestrator failed it) without telling the orchestrator.
   * @returns its auth token session id, if it had one.
   */
  drop(stream: string, uri: string): string | undefined {
    const k = key(stream, uri)
    const id = this.#sessions.get(k)?.info.authToken?.sessionId
    this.#sessions.delete(k)
    return id
  }

  /**
   * Ends the stream's sessions: EndTranscodingSession to each orchestrator (errors ignored: the
   * orchestrator tears idle sessions down itself).
   * @returns the auth token session ids that ended.
   */
  async endStream(stream: string): Promise<string[]> {
    const end = this.#o.endSession ?? endTranscodingSession
    const ended: string[] = []
    const calls: Promise<void>[] = []
    for (const [k, s] of this.#sessions) {
      if (s.stream !== stream) continue
      this.#sessions.delete(k)
      const token = s.info.authToken
      if (!token) continue
      ended.push(token.sessionId)
      calls.push(end(s.uri, token).catch(() => {}))
    }
    await Promise.all(calls)
    return ended
  }

  async #refresh(stream: string, uri: string): Promise<net.OrchestratorInfo> {
    const get = this.#o.getOrchestrator ?? getOrchestrator
    return this.#set(stream, uri, await get(uri, await this.request()))
  }

  /** Runs `fn` for the session unless a start or refresh of it is under way: then shares that one. */
  #once(stream: string, uri: string, fn: () => Promise<net.OrchestratorInfo>): Promise<net.OrchestratorInfo> {
    const k = key(stream, uri)
    const running = this.#pending.get(k)
    if (running) return running
    const p = fn().finally(() => {
      if (this.#pending.get(k) === p) this.#pending.delete(k)
    })
    this.#pending.set(k, p)
    return p
  }

  #set(stream: string, uri: string, info: net.OrchestratorInfo): net.OrchestratorInfo {
    this.#sessions.set(key(stream, uri), { stream, uri, info })
    return info
  }

  async #stale(info: net.OrchestratorInfo): Promise<boolean> {
    const now = BigInt(Math.floor((this.#o.clock ?? Date).now() / 1000))
    if (authTokenNeedsRefresh(info.authToken, now)) return true
    const params = info.ticketParams
    if (!params || !this.#o.currentBlock) return false
    return bytesToBigInt(params.expirationBlock) - (await this.#o.currentBlock()) <= 1n
  }
}

function key(stream: string, uri: string): string {
  return `${stream}\n${uri}`
}
