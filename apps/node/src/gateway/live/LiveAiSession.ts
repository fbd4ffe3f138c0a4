/**
 * One stream's live AI: picks an orchestrator offering the model (GetOrchestrator with capability
 * 35 and the model constraint, through the gateway's OrchestratorSessions), starts the job there,
 * feeds it the stream's segments and reports its output segments. It swaps to the next orchestrator when the output stops for
 * `outputTimeoutMs` while input flows, or when the job's channels close; the parameters in force
 * (the flag's, then each update) go with the stream to the new orchestrator. On a chain each job is
 * paid by a {@link LivePayer}: the initial credit in the start request, `POST /payment` on the interval
 * (the session refreshed by `GetOrchestrator` first when its auth token or ticket params are stale).
 * When an orchestrator ends the job because the stream's balance ran out, the stream stops
 * (`stopped` with a {@link GatewayLiveBalanceError}); it is not moved to another orchestrator.
 */
import { EventEmitter } from 'node:events'
import { isBaseError, type net, type TicketSigner } from '@prism/protocol'
import type { OrchestratorSessions } from '../dispatch/OrchestratorSessions.ts'
import { getOrchestrator } from '../dispatch/orchestratorRpc.ts'
import { GatewayNoOrchestratorError } from '../errors.ts'
import type { GatewayLiveBalanceError } from './errors.ts'
import { LiveAiRun } from './LiveAiRun.ts'
import { LivePayer, type LivePaymentConfig } from './LivePayer.ts'
import { startLiveVideoToVideo } from './startLiveVideoToVideo.ts'

/** Default time without output before the gateway swaps orchestrators, ms. */
export const LIVE_OUTPUT_TIMEOUT_MS = 30_000

/** Events of {@link LiveAiSession}. */
export type LiveAiSessionEvents = {
  /** A job started on `uri`. */
  started: [{ uri: string; manifestId: string }]
  /** An output segment; `seq` counts the stream's output from 0. */
  output: [{ seq: number; data: Buffer; durationMs: number }]
  /** An event from the job's events channel. */
  event: [{ uri: string; event: unknown }]
  /** The job on `uri` ended or failed to start: the next orchestrator is tried. */
  swap: [{ uri: string; reason: string }]
  /** A live payment failed (logged; the stream goes on). */
  paymentFailed: [{ uri: string; error: unknown }]
  /** The orchestrator ended the job for want of payment: the stream is stopped (once). */
  stopped: [{ uri: string; error: GatewayLiveBalanceError }]
}

/** Options of {@link LiveAiSession}. */
export type LiveAiSessionOptions = {
  stream: string
  modelId: string
  params: Record<string, unknown>
  /** Sessions built with capability 35 and the model (aiSessionCapabilities). */
  sessions: OrchestratorSessions
  capabilities: net.Capabilities
  /** Orchestrator URIs to try, in preference order (re-read at each swap). */
  candidates: () => string[]
  /** Called when an orchestrator fails (suspend it). */
  onFailure?: (uri: string) => void
  signer?: TicketSigner
  /** Default: {@link LIVE_OUTPUT_TIMEOUT_MS}. */
  outputTimeoutMs?: number
  /** Keepalive interval on the control channel, ms. Default: 10 s. */
  keepaliveMs?: number
  /** On chain: pays the initial credit and `POST /payment` on the interval. */
  payments?: LivePaymentConfig
}

/**
 * A live AI stream.
 * @example
 * const s = new LiveAiSession({ stream: 'cam', modelId: 'builtin:sepia', params: {}, sessions, capabilities, candidates })
 * await s.publish(segment, 1000)
 */
export class LiveAiSession extends EventEmitter<LiveAiSessionEvents> {
  private readonly o: LiveAiSessionOptions
  private run: LiveAiRun | undefined
  private starting: Promise<LiveAiRun | undefined> | undefined
  private controlJson: string | undefined
  private outSeq = 0
  private lastDurationMs = 1000
  private lastOutputAt = Date.now()
  private readonly tried = new Set<string>()
  private closed = false
  private requests = 0
  private payer: LivePayer | undefined
  private failure: GatewayLiveBalanceError | undefined

  constructor(opts: LiveAiSessionOptions) {
    super()
    this.o = opts
  }

  /** The orchestrator running the job now, if any. */
  get uri(): string | undefined {
    return this.run?.uri
  }

  /**
   * Publishes one input segment, starting (or swapping) the job first when needed.
   * @throws GatewayNoOrchestratorError (`GATEWAY_NO_ORCHESTRATOR`) when no orchestrator could start the job.
   */
  async publish(segment: Uint8Array, durationMs: number): Promise<void> {
    if (this.closed) return
    this.lastDurationMs = durationMs
    let run = this.run
    const timeout = this.o.outputTimeoutMs ?? LIVE_OUTPUT_TIMEOUT_MS
    if (run && !run.ended && Date.now() - this.lastOutputAt > timeout) {
      this.swapAway(run, `no output for ${timeout} ms`)
      run = undefined
    }
    if (!run || run.ended) run = await this.ensureRun()
    if (!run) throw new GatewayNoOrchestratorError(`no orchestrator started ${this.o.modelId}`)
    await run.publish(segment)
    const err = await this.payer?.tick(run.channels.manifestId)
    if (err) this.emit('paymentFailed', { uri: run.uri, error: err })
  }

  /** Why the stream was stopped (undefined while it runs or after a normal close). */
  get error(): GatewayLiveBalanceError | undefined {
    return this.failure
  }

  /** The current job's payer (on chain). */
  get payments(): LivePayer | undefined {
    return this.payer
  }

  /** Sends a parameter update (JSON text, verbatim) to the job; it also applies to later jobs. */
  async update(json: string): Promise<void> {
    this.controlJson = json
    await this.run?.sendControl(json)
  }

  /** Ends the job and the session. Idempotent. */
  async close(): Promise<void> {
    this.closed = true
    const run = this.run
    this.run = undefined
    await run?.close()
  }

  private ensureRun(): Promise<LiveAiRun | undefined> {
    this.starting ??= this.startNext().finally(() => {
      this.starting = undefined
    })
    return this.starting
  }

  private async startNext(): Promise<LiveAiRun | undefined> {
    let candidates = this.o.candidates().filter((u) => !this.tried.has(u))
    if (candidates.length === 0) {
      // every orchestrator was tried: start over with the full list
      this.tried.clear()
      candidates = this.o.candidates()
    }
    for (const uri of candidates) {
      this.tried.add(uri)
      try {
        const info = await this.o.sessions.refresh(this.o.stream, uri)
        // a refresh before a live payment skips the capacity check: the job holds a slot itself
        const refresh = async () => {
          const fresh = await getOrchestrator(uri, {
            ...(await this.o.sessions.request()),
            ignoreCapacityCheck: true,
          })
          this.o.sessions.update(this.o.stream, uri, fresh)
          return fresh
        }
        const payer = this.o.payments
          ? new LivePayer(this.o.payments, info.transcoder || uri, info, this.o.capabilities, refresh)
          : undefined
        const paymentHeader = (await payer?.initialHeader()) ?? ''
        const params =
          this.controlJson === undefined ? this.o.params : parseParams(this.controlJson, this.o.params)
        const channels = await startLiveVideoToVideo({
          uri: info.transcoder || uri,
          info,
          capabilities: this.o.capabilities,
          modelId: this.o.modelId,
          params,
          streamId: this.o.stream,
          requestId: `${this.o.stream}-${++this.requests}`,
          paymentHeader,
          ...(this.o.signer ? { signer: this.o.signer } : {}),
        })
        const run = new LiveAiRun({
          uri,
          channels,
          ...(this.o.keepaliveMs === undefined ? {} : { keepaliveMs: this.o.keepaliveMs }),
        })
        run.on('output', (s) => {
          this.lastOutputAt = Date.now()
          this.emit('output', { seq: this.outSeq++, data: s.data, durationMs: this.lastDurationMs })
        })
        run.on('event', (event) => this.emit('event', { uri, event }))
        run.on('ended', (reason, fatal) => {
          if (this.run !== run || this.closed) return
          if (fatal) this.stop(run, fatal)
          else this.swapAway(run, reason)
        })
        this.run = run
        this.payer = payer
        this.lastOutputAt = Date.now()
        this.emit('started', { uri, manifestId: channels.manifestId })
        return run
      } catch (err) {
        this.o.sessions.drop(this.o.stream, uri)
        this.o.onFailure?.(uri)
        const reason = isBaseError(err) ? `${err.code}: ${err.shortMessage} (${err.details})` : String(err)
        this.emit('swap', { uri, reason })
      }
    }
    return undefined
  }

  /** The job ended for want of payment: the stream stops here, its channels and session let go. */
  private stop(run: LiveAiRun, error: GatewayLiveBalanceError): void {
    this.closed = true
    this.failure = error
    this.run = undefined
    this.payer = undefined
    this.o.sessions.drop(this.o.stream, run.uri)
    this.emit('stopped', { uri: run.uri, error })
    void run.close()
  }

  private swapAway(run: LiveAiRun, reason: string): void {
    if (this.run === run) this.run = undefined
    this.o.sessions.drop(this.o.stream, run.uri)
    this.o.onFailure?.(run.uri)
    this.emit('swap', { uri: run.uri, reason })
    void run.close()
  }
}

function parseParams(json: string, fallback: Record<string, unknown>): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fallback
  } catch {
    return fallback
  }
}
