/**
 * The gateway's live AI streams (`-liveAiModel`): every ingested stream becomes a
 * {@link LiveAiSession}; the job's output is published as the HLS rendition `ai`.
 * Orchestrators come from the gateway's pool; sessions are asked for with capability 35 and the
 * model constraint (a GetOrchestrator of their own, not the transcoding one).
 */
import { EventEmitter } from 'node:events'
import {
  CAPABILITIES,
  type net,
  netCapabilities,
  OFFCHAIN_REQUEST_CREDENTIALS,
  type RequestCredentials,
  type TicketSigner,
  type VideoProfile,
} from '@prism/protocol'
import { OrchestratorSessions } from '../dispatch/OrchestratorSessions.ts'
import type { HlsPublisher } from '../http/hlsPublisher.ts'
import type { OrchestratorPool } from '../selection/OrchestratorPool.ts'
import { type GatewayLiveBalanceError, GatewayLiveUnknownError } from './errors.ts'
import { LiveAiSession } from './LiveAiSession.ts'
import type { LivePaymentConfig } from './LivePayer.ts'

/** Name of the HLS rendition carrying the live AI output. */
export const AI_RENDITION = 'ai'

/** The `ai` rendition as the master playlist announces it (the model keeps the input's size). */
const AI_PROFILE: VideoProfile = {
  name: AI_RENDITION,
  width: 1280,
  height: 720,
  bitrateKbps: 4000,
  fps: 30,
  id: '00000000',
}

/** Live AI settings (`-liveAiModel`, `-liveAiParams`, `-liveAiOutputTimeout`). */
export type LiveAiOptions = {
  modelId: string
  /** Initial parameters. Default: {}. */
  params?: Record<string, unknown>
  /** Time without output before a swap, ms. Default: 30 s. */
  outputTimeoutMs?: number
  /** Keepalive interval on the control channel, ms. Default: 10 s. */
  keepaliveMs?: number
  /** Live payment interval, ms (on chain). Default: 5 s. */
  paymentIntervalMs?: number
  /** Clock of the auth token's expiry check before a live payment. Default: Date. */
  clock?: { now(): number }
}

/** Events of {@link LiveAiStreams}: what the CLI logs. */
export type LiveAiStreamsEvents = {
  started: [{ stream: string; uri: string; manifestId: string }]
  swap: [{ stream: string; uri: string; reason: string }]
  event: [{ stream: string; uri: string; event: unknown }]
  paymentFailed: [{ stream: string; uri: string; error: unknown }]
  /** An output segment of the stream (also added to its HLS rendition `ai`). */
  output: [{ stream: string; seq: number; data: Buffer; durationMs: number }]
  /**
   * The orchestrator ended the stream's job for want of payment (`GATEWAY_LIVE_INSUFFICIENT_BALANCE`):
   * the stream is stopped, its HLS playlist ended; later segments are dropped until the ingest ends.
   */
  stopped: [{ stream: string; uri: string; error: GatewayLiveBalanceError }]
}

/** Dependencies of {@link LiveAiStreams}. */
export type LiveAiStreamsDeps = {
  hls: HlsPublisher
  pool: OrchestratorPool
  credentials: RequestCredentials | Promise<RequestCredentials>
  signer?: TicketSigner
  currentBlock?: () => Promise<bigint>
  /** On chain: live payments. Absent = no payments (off chain). */
  payments?: LivePaymentConfig
}

/**
 * Live AI streams by name.
 * @example
 * const live = new LiveAiStreams({ modelId: 'builtin:sepia' }, { hls, pool, credentials })
 * await live.handleSegment({ stream: 'cam', seq: 0, data, durationMs: 1000 })
 */
export class LiveAiStreams extends EventEmitter<LiveAiStreamsEvents> {
  /** Sessions asked for with capability 35 and the model. */
  readonly sessions: OrchestratorSessions
  readonly capabilities: net.Capabilities
  private readonly o: LiveAiOptions
  private readonly d: LiveAiStreamsDeps
  private readonly streams = new Map<string, LiveAiSession>()

  constructor(options: LiveAiOptions, deps: LiveAiStreamsDeps) {
    super()
    this.o = options
    this.d = deps
    // Only capability 35 with the model: go-livepeer's gateway adds its default transcoding set,
    // which an orchestrator that lacks one of them (MP4, S3 storage…) refuses as incompatible.
    const live = CAPABILITIES.LiveVideoToVideo
    this.capabilities = netCapabilities({
      capabilities: [live],
      capacities: { [live]: 1 },
      models: { [live]: { [options.modelId]: { warm: false, runnerVersion: '' } } },
    })
    this.sessions = new OrchestratorSessions({
      credentials: deps.credentials ?? OFFCHAIN_REQUEST_CREDENTIALS,
      capabilities: this.capabilities,
      ...(deps.currentBlock ? { currentBlock: deps.currentBlock } : {}),
    })
  }

  /**
   * Publishes one ingested segment to the stream's live AI job (started on its first segment).
   * @throws GatewayNoOrchestratorError (`GATEWAY_NO_ORCHESTRATOR`) when no orchestrator runs the model.
   */
  async handleSegment(seg: {
    stream: string
    seq: number
    data: Uint8Array
    durationMs: number
  }): Promise<void> {
    const { hls } = this.d
    if (!this.streams.has(seg.stream)) hls.openStream(seg.stream, [AI_PROFILE])
    this.d.pool.tick()
    await this.session(seg.stream).publish(seg.data, seg.durationMs)
  }

  /**
   * A parameter update for `stream` (the JSON text, sent verbatim on the control channel).
   * @throws GatewayLiveUnknownError (`GATEWAY_LIVE_UNKNOWN`) for a stream that is not running,
   *   GatewayLiveBalanceError (`GATEWAY_LIVE_INSUFFICIENT_BALANCE`) for a stream stopped for want of payment.
   */
  async update(stream: string, json: string): Promise<void> {
    const s = this.streams.get(stream)
    if (!s) throw new GatewayLiveUnknownError(stream)
    if (s.error) throw s.error
    await s.update(json)
  }

  /** The stream's session, if running. */
  get(stream: string): LiveAiSession | undefined {
    return this.streams.get(stream)
  }

  /** True when `stream` is a running live AI stream. */
  has(stream: string): boolean {
    return this.streams.has(stream)
  }

  /** The stream ended: its job is closed. */
  async endStream(stream: string): Promise<void> {
    const s = this.streams.get(stream)
    this.streams.delete(stream)
    await s?.close()
  }

  /** Closes every stream's job. */
  async close(): Promise<void> {
    await Promise.all([...this.streams.keys()].map((k) => this.endStream(k)))
  }

  private session(stream: string): LiveAiSession {
    let s = this.streams.get(stream)
    if (s) return s
    const o = this.o
    s = new LiveAiSession({
      stream,
      modelId: o.modelId,
      params: o.params ?? {},
      sessions: this.sessions,
      capabilities: this.capabilities,
      candidates: () => this.d.pool.candidates(),
      onFailure: (uri) => this.d.pool.suspend(uri),
      ...(this.d.signer ? { signer: this.d.signer } : {}),
      ...(o.outputTimeoutMs === undefined ? {} : { outputTimeoutMs: o.outputTimeoutMs }),
      ...(o.keepaliveMs === undefined ? {} : { keepaliveMs: o.keepaliveMs }),
      ...(this.d.payments
        ? {
            payments: {
              ...this.d.payments,
              ...(o.paymentIntervalMs === undefined ? {} : { intervalMs: o.paymentIntervalMs }),
              ...(o.clock ? { clock: o.clock } : {}),
            },
          }
        : {}),
    })
    s.on('started', (e) => this.emit('started', { stream, ...e }))
    s.on('swap', (e) => this.emit('swap', { stream, ...e }))
    s.on('event', (e) => this.emit('event', { stream, ...e }))
    s.on('paymentFailed', (e) => this.emit('paymentFailed', { stream, ...e }))
    s.on('output', (e) => {
      this.d.hls.addSegment(stream, AI_RENDITION, e.seq, e.durationMs, e.data)
      this.emit('output', { stream, ...e })
    })
    s.on('stopped', (e) => {
      this.d.hls.endStream(stream)
      this.emit('stopped', { stream, ...e })
    })
    this.streams.set(stream, s)
    return s
  }
}
