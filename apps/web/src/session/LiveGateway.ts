import type { ControlEvent } from '@prism/protocol'
import { Emitter } from '../lib/Emitter.ts'
import type { MetricsStore } from '../metrics/MetricsStore.ts'
import { readStatsCounters, type StatsCounters, statsRates } from '../metrics/statsSample.ts'
import { OutputWatchdog } from '../swap/outputWatchdog.ts'
import { stageUpdates } from '../swap/standbySpec.ts'
import { describeSwapReason, pickNextOrchestrator, SwapPolicy, type SwapReason } from '../swap/swapPolicy.ts'
import { promote, type WarmSession, WarmStandby } from '../swap/WarmStandby.ts'
import { type WebPipelineSpec, withStageModel, withStageParams } from './pipelineSpec.ts'
import { SessionLiveness } from './SessionLiveness.ts'
import { StreamSession } from './StreamSession.ts'
import type { WhipOfferSigner } from './whipClient.ts'

/** An orchestrator the gateway may use (from discovery, best first). */
export type GatewayCandidate = { url: string; eligible: boolean }

/** Something bound to one stream session (payments, verification); closed with it. */
export type SessionAttachment = { close(): void }

/** Builds an attachment for a new stream session. */
export type AttachSession = (session: StreamSession, candidate: GatewayCandidate) => SessionAttachment

/** One swap, as shown in the UI. */
export type SwapRecord = {
  /** When the failure was detected (performance.now()). */
  at: number
  from: string
  to: string | undefined
  reason: SwapReason
  detail: string
  /** Failure detected → first output frame from the new orchestrator, ms (set once recovered). */
  recoverMs?: number
  /** Last output frame of the failed orchestrator → first of the new one, ms (set once recovered). */
  outageMs?: number
}

/** What the UI renders. */
export type GatewaySnapshot = {
  state: 'idle' | 'connecting' | 'live' | 'swapping' | 'stopped' | 'failed'
  orchestrator: string | undefined
  stream: string | undefined
  spec: WebPipelineSpec | undefined
  output: MediaStream | undefined
  /** Model switch in progress on the node (`loading` until `ready`). */
  loading: string | undefined
  swaps: SwapRecord[]
  /** Last error or give-up message. */
  error: string | undefined
  /**
   * The stream goes on despite a problem the user should know about: verification flagged the
   * only eligible orchestrator (the gateway swaps as soon as another one is eligible).
   */
  warning: string | undefined
  /** Output frames decoded by the current session. */
  framesOut: number
  /** Size of the returned video. */
  outputSize: { width: number; height: number } | undefined
  /** Last node `error` / `stats` events, for the UI. */
  nodeEvents: string[]
}

/** Options of {@link LiveGateway}. */
export type LiveGatewayOptions = {
  /** Ranked candidates, read again at each swap. */
  candidates: () => readonly GatewayCandidate[]
  /** Per-session attachments (payments, verification). */
  attach?: AttachSession[]
  /** Charts. */
  metrics?: MetricsStore
  /** Swap limits. Default: 3 swaps per 180 s. */
  policy?: SwapPolicy
  /** Milliseconds without output after which the session is swapped. Default: 4000. */
  stallMs?: number
  /** Milliseconds allowed for the first output frame. Default: 20_000. */
  firstFrameMs?: number
  /** The key that signs each WHIP offer (the session key; a paid node requires it). Default: none. */
  signer?: () => WhipOfferSigner | undefined
  /** Why no candidate is eligible, with the fix (from discovery). Default: a generic hint. */
  explainNoCandidate?: () => string
  /**
   * Attachments built as soon as a session exists, a warm standby's included (the payment: a
   * standby is prepaid, so the node admits it), and kept when the standby takes over. Default: none.
   */
  prepare?: AttachSession[]
  /** Keep the next orchestrator warm (negotiated, prepaid, idle) to swap to at once. Default: true. */
  warmStandby?: boolean
  /** Tell a dead orchestrator within a fraction of a second (output silence + probe). Default: true. */
  fastDetection?: boolean
}

const INITIAL: GatewaySnapshot = {
  state: 'idle',
  orchestrator: undefined,
  stream: undefined,
  spec: undefined,
  output: undefined,
  loading: undefined,
  swaps: [],
  error: undefined,
  warning: undefined,
  framesOut: 0,
  outputSize: undefined,
  nodeEvents: [],
}

/**
 * The browser gateway's live stream: runs one {@link StreamSession} at a time on the best
 * orchestrator, watches it (peer state, output frames, node errors, attachments' verdicts) and
 * swaps to the next eligible orchestrator with the same pipeline and parameters when it fails,
 * measuring the time to recover. Limits swaps with a {@link SwapPolicy}.
 *
 * @example
 * const gw = new LiveGateway({ candidates: () => ranked })
 * gw.events.on('change', () => render(gw.snapshot))
 * await gw.start(cameraStream, { version: 1, kind: 'passthrough' })
 */
export class LiveGateway {
  /** `change` after every snapshot update. */
  readonly events = new Emitter<{ change: [] }>()
  #o: LiveGatewayOptions
  #policy: SwapPolicy
  #snapshot: GatewaySnapshot = INITIAL
  #session: StreamSession | undefined
  #attachments: SessionAttachment[] = []
  #input: MediaStream | undefined
  #tried = new Set<string>()
  #watchdog: OutputWatchdog
  #standby: WarmStandby
  #timer: ReturnType<typeof setInterval> | undefined
  #prevStats: StatsCounters | undefined
  #lastFrames = 0
  #lastMetricsAt = 0
  #pending: { failedAt: number; lastFrameAt: number | undefined; record: SwapRecord } | undefined
  #pingSent = new Map<number, number>()
  /** Verification flagged the current session, and no other orchestrator could take over yet. */
  #flagged: { session: StreamSession; detail: string } | undefined

  constructor(options: LiveGatewayOptions) {
    this.#o = options
    this.#policy = options.policy ?? new SwapPolicy({ maxSwaps: 3, windowMs: 180_000 })
    this.#watchdog = new OutputWatchdog({
      stallMs: options.stallMs ?? 4000,
      firstFrameMs: options.firstFrameMs ?? 20_000,
    })
    this.#standby = new WarmStandby({
      prepare: () => options.prepare ?? [],
      signer: () => options.signer?.(),
    })
  }

  /** The current state. */
  get snapshot(): GatewaySnapshot {
    return this.#snapshot
  }

  /** The current stream session, if any. */
  get session(): StreamSession | undefined {
    return this.#session
  }

  /**
   * The warm standby: its orchestrator (none: no other eligible one), whether it can take over
   * now (`ready`) and whether it has also sent its priming frames (`primed`: a takeover is fastest).
   */
  get standby(): { url: string | undefined; ready: boolean; primed: boolean } {
    return { url: this.#standby.url, ready: this.#standby.ready, primed: this.#standby.primed }
  }

  /**
   * Starts streaming `input` with `spec` on the best eligible orchestrator.
   * @param input camera (or canvas) stream.
   * @param spec the pipeline.
   */
  async start(input: MediaStream, spec: WebPipelineSpec): Promise<void> {
    await this.stop()
    this.#input = input
    this.#tried.clear()
    this.#policy.reset()
    this.#set({ ...INITIAL, state: 'connecting', spec })
    this.#timer = setInterval(() => void this.#tick(), 250)
    const first = pickNextOrchestrator(this.#o.candidates(), this.#tried)
    if (!first) {
      this.#set({
        state: 'failed',
        error:
          this.#o.explainNoCandidate?.() ??
          'no eligible orchestrator: refresh discovery or raise the max price',
      })
      return
    }
    await this.#connect(first)
  }

  /** Stops the stream and ends the session on the node. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    this.#pending = undefined
    this.#standby.close()
    const closing = this.#closeSession()
    if (this.#snapshot.state !== 'idle')
      this.#set({
        state: 'stopped',
        output: undefined,
        loading: undefined,
        orchestrator: undefined,
        stream: undefined,
        framesOut: 0,
        outputSize: undefined,
      })
    await closing
  }

  /**
   * Changes parameters of one AI stage live (`update` on the control channel); kept for swaps.
   * @param stage stage index.
   * @param params parameters to set.
   */
  updateStage(stage: number, params: Record<string, number>): void {
    const spec = this.#snapshot.spec
    if (!spec) return
    this.#set({ spec: withStageParams(spec, stage, params) })
    this.#session?.sendControl({ v: 1, type: 'update', stage, params })
  }

  /**
   * Switches the model of one AI stage (`setStage`); the node answers `loading` then `ready`.
   * @param stage stage index.
   * @param model e.g. `builtin:toon`.
   * @param params its parameters.
   */
  setStage(stage: number, model: string, params: Record<string, number>): void {
    const spec = this.#snapshot.spec
    if (!spec) return
    const next = withStageModel(spec, stage, model, params)
    this.#set({ spec: next, loading: model })
    this.#session?.sendControl({ v: 1, type: 'setStage', stage, model, params })
  }

  /** Fails the current session from outside (used by attachments: payment, verification). */
  failCurrent(reason: SwapReason, detail: string): void {
    this.#session?.fail(reason, detail)
  }

  /**
   * Verification flagged `session`'s orchestrator. When another eligible orchestrator exists and
   * the swap limit allows it, the session fails with `verification-failed` (a swap). Otherwise the
   * stream is never ended for it: the flag is recorded (a swap record without a destination, so
   * the orchestrator is suspended in discovery), `warning` says so, the stream keeps going, and
   * the gateway swaps as soon as another orchestrator becomes eligible.
   * @param session the flagged session (ignored when it is no longer the current one).
   * @param detail why it was flagged.
   */
  flagSession(session: StreamSession, detail: string): void {
    if (session !== this.#session || this.#flagged?.session === session) return
    if (this.#canSwapAway()) {
      session.fail('verification-failed', detail)
      return
    }
    this.#flagged = { session, detail }
    const record: SwapRecord = {
      at: performance.now(),
      from: session.url,
      to: undefined,
      reason: 'verification-failed',
      detail: `${detail}; no other eligible orchestrator: the stream continues on it`,
    }
    this.#set({
      swaps: [...this.#snapshot.swaps, record],
      warning: `Verification failed on ${session.url} (${detail}). No other orchestrator is eligible, so the stream continues there and its output may not be the chain you asked for; it switches as soon as another one is available.`,
    })
  }

  /** Whether a swap now would find another eligible orchestrator within the swap limit. */
  #canSwapAway(): boolean {
    return (
      pickNextOrchestrator(this.#o.candidates(), this.#tried) !== undefined &&
      this.#policy.canSwap(performance.now())
    )
  }

  /** Serves the stream from `candidate`: a new session, or the warm standby `warm` taking over. */
  async #connect(candidate: GatewayCandidate, warm?: WarmSession): Promise<void> {
    const spec = this.#snapshot.spec
    const input = this.#input
    if (!spec || !input) return
    this.#tried.add(candidate.url)
    this.#flagged = undefined
    const session =
      warm?.session ??
      new StreamSession({
        url: candidate.url,
        pipeline: spec,
        input,
        signer: this.#o.signer?.(),
      })
    this.#session = session
    this.#prevStats = undefined
    this.#lastFrames = 0
    this.#watchdog.start(performance.now())
    this.#set({
      orchestrator: candidate.url,
      stream: session.stream,
      output: undefined,
      framesOut: 0,
      outputSize: undefined,
      loading: undefined,
      warning: undefined,
      state: this.#pending ? 'swapping' : 'connecting',
    })
    session.events.on('output', (stream) => this.#set({ output: stream }))
    session.events.on('state', (s) => {
      if (s === 'live' && !this.#pending) this.#set({ state: 'live' })
    })
    session.events.on('control', (event) => this.#handleControl(session, event))
    session.events.on('controlInvalid', (reason) => {
      if (session === this.#session)
        this.#set({ nodeEvents: [...this.#snapshot.nodeEvents.slice(-9), `control: ${reason}`] })
    })
    session.events.on('failed', (reason, detail) => void this.#handleFailure(session, reason, detail))
    this.#attachments = [
      ...(warm?.prepared ?? (this.#o.prepare ?? []).map((attach) => attach(session, candidate))),
      ...(this.#o.attach ?? []).map((attach) => attach(session, candidate)),
      ...(this.#o.fastDetection === false
        ? []
        : [new SessionLiveness(session, { paused: () => this.#snapshot.loading !== undefined })]),
    ]
    if (warm) {
      await this.#takeOver(session, warm, input)
      return
    }
    try {
      await session.start()
    } catch (err) {
      const detail = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      await this.#handleFailure(session, 'peer-failed', detail)
    }
  }

  /** The warm standby serves now: it shows its output, catches up on parameters, sends the camera. */
  async #takeOver(session: StreamSession, warm: WarmSession, input: MediaStream): Promise<void> {
    if (session.output) this.#set({ output: session.output })
    const spec = this.#snapshot.spec
    if (spec) for (const update of stageUpdates(warm.spec, spec)) session.sendControl(update)
    // attachments that hook the sender (an encoded transform) get it before the camera's first frame
    const sender = session.pc.getSenders().find((s) => s.track?.kind === 'video')
    const events = session.events as unknown as Emitter<{ sender: [RTCRtpSender] }>
    if (sender) events.emit('sender', sender)
    await promote(warm, input)
  }

  /** A decoded `control` event of the current session (`pong` answers this gateway's `ping`). */
  #handleControl(session: StreamSession, event: ControlEvent) {
    if (session !== this.#session) return
    switch (event.type) {
      case 'loading':
        this.#set({ loading: event.model ?? `stage ${event.stage ?? ''}` })
        return
      case 'ready':
        this.#set({ loading: undefined })
        return
      case 'pong': {
        const sent = this.#pingSent.get(event.t)
        if (sent !== undefined) this.#o.metrics?.push('pingMs', performance.now(), performance.now() - sent)
        this.#pingSent.delete(event.t)
        return
      }
      case 'error': {
        const text = `${event.code}: ${event.message}`
        this.#set({ nodeEvents: [...this.#snapshot.nodeEvents.slice(-9), text] })
        session.fail('node-error', text)
        return
      }
      default:
        // stats, paused, resumed: shown elsewhere (metrics, the payment channel)
        return
    }
  }

  async #handleFailure(session: StreamSession, reason: SwapReason, detail: string): Promise<void> {
    if (session !== this.#session) return
    const now = performance.now()
    const from = session.url
    const lastFrameAt = this.#pending?.lastFrameAt ?? this.#watchdog.lastFrameAt
    await this.#closeSession()
    const decision = this.#policy.handleFailure(reason, now)
    const next =
      decision.kind === 'swap' ? pickNextOrchestrator(this.#o.candidates(), this.#tried) : undefined
    const record: SwapRecord = { at: now, from, to: next?.url, reason, detail }
    const swaps = [...this.#snapshot.swaps, record]
    if (decision.kind === 'give-up') {
      this.#pending = undefined
      this.#set({
        swaps,
        state: 'failed',
        output: undefined,
        error: `${describeSwapReason(reason)} (${detail}); swap limit reached (${this.#policy.maxSwaps} per ${this.#policy.windowMs / 1000} s)`,
      })
      return
    }
    if (!next) {
      this.#pending = undefined
      this.#set({
        swaps,
        state: 'failed',
        output: undefined,
        error: `${describeSwapReason(reason)} (${detail}); no other eligible orchestrator`,
      })
      return
    }
    this.#pending = { failedAt: this.#pending?.failedAt ?? now, lastFrameAt, record }
    this.#set({ swaps, state: 'swapping', error: undefined })
    await this.#connect(next, this.#standby.take(next.url))
  }

  async #closeSession() {
    for (const a of this.#attachments) {
      try {
        a.close()
      } catch {}
    }
    this.#attachments = []
    const s = this.#session
    this.#session = undefined
    if (s) await s.close()
  }

  async #tick(): Promise<void> {
    const session = this.#session
    if (!session || session.state === 'closed' || session.state === 'failed') return
    const now = performance.now()
    let counters: StatsCounters
    try {
      counters = readStatsCounters((await session.pc.getStats()).values() as Iterable<never>, now)
    } catch {
      return
    }
    if (session !== this.#session) return
    const spec = this.#snapshot.spec
    if (this.#o.warmStandby !== false && !this.#pending && this.#snapshot.framesOut > 0 && spec)
      this.#standby.keep(pickNextOrchestrator(this.#o.candidates(), this.#tried), spec, now)
    const prev = this.#prevStats
    if (counters.framesDecoded > this.#lastFrames) {
      this.#lastFrames = counters.framesDecoded
      this.#watchdog.handleFrame(now)
      const outputSize =
        counters.frameWidth && counters.frameHeight
          ? { width: counters.frameWidth, height: counters.frameHeight }
          : undefined
      this.#set({ framesOut: counters.framesDecoded, outputSize })
      if (this.#pending) {
        const { failedAt, lastFrameAt, record } = this.#pending
        record.recoverMs = now - failedAt
        if (lastFrameAt !== undefined) record.outageMs = now - lastFrameAt
        this.#pending = undefined
        this.#set({ state: 'live', swaps: [...this.#snapshot.swaps] })
      } else if (this.#snapshot.state !== 'live') this.#set({ state: 'live' })
    }
    if (!prev || now - this.#lastMetricsAt >= 1000) {
      if (prev && this.#o.metrics) {
        const rates = statsRates(prev, counters)
        const m = this.#o.metrics
        m.push('fpsOut', now, rates.fpsOut)
        m.push('fpsIn', now, rates.fpsIn)
        m.push('bitrateIn', now, rates.bitrateIn)
        m.push('bitrateOut', now, rates.bitrateOut)
        if (counters.rttMs !== undefined) m.push('rttMs', now, counters.rttMs)
      }
      const t = Math.round(now)
      this.#pingSent.set(t, now)
      if (this.#pingSent.size > 20) this.#pingSent.delete(this.#pingSent.keys().next().value as number)
      session.sendControl({ v: 1, type: 'ping', t })
      this.#prevStats = counters
      this.#lastMetricsAt = now
    }
    if (this.#flagged?.session === session && this.#canSwapAway()) {
      session.fail('verification-failed', this.#flagged.detail)
      return
    }
    if (this.#watchdog.isStalled(now)) {
      const since = this.#watchdog.lastFrameAt
      session.fail(
        'no-output',
        since === undefined
          ? 'no output frame since start'
          : `no output frame for ${Math.round(now - since)} ms`,
      )
    }
  }

  #set(patch: Partial<GatewaySnapshot>) {
    this.#snapshot = { ...this.#snapshot, ...patch }
    this.events.emit('change')
  }
}
