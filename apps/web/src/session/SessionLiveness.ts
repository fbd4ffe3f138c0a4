import { OutputLiveness, type OutputLivenessOptions } from '../swap/outputLiveness.ts'
import type { SessionAttachment } from './LiveGateway.ts'
import type { StreamSession } from './StreamSession.ts'

/** Options of {@link SessionLiveness}. */
export type SessionLivenessOptions = OutputLivenessOptions & {
  /** True while silence is expected (a model loading on the node). Default: never. */
  paused?: () => boolean
  /** How often the returned video's RTP sources are read, ms. Default: 50. */
  pollMs?: number
  /** How long a reachability probe may take before the node counts as unreachable, ms. Default: 1500. */
  probeTimeoutMs?: number
  /**
   * Checks that the orchestrator answers; resolves when it does, rejects with the reason when it
   * does not. Default: {@link probeOrchestratorAnswers}.
   */
  probe?: (url: string, signal: AbortSignal) => Promise<void>
}

/**
 * Resolves when the orchestrator answers HTTP at all: `GET {url}/live/` with CORS (`/live/*`
 * carries the CORS headers even on its 404; the page is cross-origin isolated, so an opaque
 * no-cors request to another path would be blocked). Rejects on a network error.
 */
export async function probeOrchestratorAnswers(url: string, signal: AbortSignal): Promise<void> {
  await fetch(`${url.replace(/\/$/, '')}/live/`, { mode: 'cors', cache: 'no-store', signal })
}

/** RTP timestamps of the returned video's sources, joined (changes with every new frame). */
function videoSourcesKey(pc: RTCPeerConnection): string {
  let key = ''
  for (const r of pc.getReceivers()) {
    if (r.track.kind !== 'video') continue
    for (const s of r.getSynchronizationSources()) key += `${s.source}:${s.rtpTimestamp};`
  }
  return key
}

/**
 * Watches one stream session for a dead orchestrator (an {@link OutputLiveness} fed by the page):
 * every `pollMs` it reads the RTP sources of the returned video (a new RTP timestamp = a new
 * frame arrived), follows the peer connection's state, probes the node when the output falls
 * silent for a few frame intervals, and fails the session with `peer-failed` as soon as the node
 * is silent and unreachable, so the gateway swaps within a fraction of a second of a crash.
 * The probe is checked once when the first frame arrives: if it fails then (while the node
 * plainly serves: a proxy, a CORS policy), its failures never count, and only the slower
 * watchdogs act for this session.
 *
 * @example
 * const liveness = new SessionLiveness(session, { paused: () => snapshot.loading !== undefined })
 * // … liveness.close() with the session
 */
export class SessionLiveness implements SessionAttachment {
  readonly #session: StreamSession
  readonly #o: SessionLivenessOptions
  readonly #liveness: OutputLiveness
  readonly #timer: ReturnType<typeof setInterval>
  readonly #abort = new AbortController()
  #key = ''
  #closed = false
  /** Whether a failed probe means a dead node: checked with one probe at the first frame. */
  #probeWorks: boolean | undefined

  constructor(session: StreamSession, options: SessionLivenessOptions = {}) {
    this.#session = session
    this.#o = options
    this.#liveness = new OutputLiveness(options)
    this.#timer = setInterval(() => this.#poll(), options.pollMs ?? 50)
    session.pc.addEventListener('connectionstatechange', this.#onState)
  }

  /** Time of the last new output frame seen (performance.now()), if any. */
  get lastFrameAt(): number | undefined {
    return this.#liveness.lastFrameAt
  }

  /** Stops watching. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    this.#abort.abort()
    this.#session.pc.removeEventListener('connectionstatechange', this.#onState)
  }

  readonly #onState = () => this.#liveness.handleTransport(this.#session.pc.connectionState)

  #poll() {
    const s = this.#session
    if (this.#closed || s.state === 'failed' || s.state === 'closed') return
    const now = performance.now()
    const key = videoSourcesKey(s.pc)
    if (key && key !== this.#key) {
      if (this.#liveness.lastFrameAt === undefined) void this.#checkProbe()
      this.#liveness.handleFrame(now)
    }
    this.#key = key
    this.#liveness.setPaused(this.#o.paused?.() ?? false)
    const action = this.#liveness.next(now)
    if (action.kind === 'dead') s.fail('peer-failed', `orchestrator ${action.detail}`)
    else if (action.kind === 'probe') void this.#probe()
  }

  /** One probe while the node serves: a failure now means the probe cannot tell a dead node. */
  async #checkProbe() {
    const failure = await this.#tryProbe()
    this.#probeWorks = failure === undefined
  }

  async #probe() {
    const failure = await this.#tryProbe()
    if (this.#closed) return
    // a probe that failed at the check, or whose check is still out, proves nothing
    const reachable = failure === undefined || this.#probeWorks !== true
    this.#liveness.handleProbe(performance.now(), reachable, failure)
    this.#poll()
  }

  /** @returns undefined when the node answered, else why not. */
  async #tryProbe(): Promise<string | undefined> {
    const timeoutMs = this.#o.probeTimeoutMs ?? 1500
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(timeoutMs)])
    try {
      await (this.#o.probe ?? probeOrchestratorAnswers)(this.#session.url, signal)
      return undefined
    } catch (err) {
      if ((err as { name?: string }).name === 'TimeoutError') return `no answer in ${timeoutMs} ms`
      return err instanceof Error ? err.message : String(err)
    }
  }
}
