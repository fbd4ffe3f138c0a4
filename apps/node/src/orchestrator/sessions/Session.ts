/**
 * A Session: one gateway stream. Owns its MediaPeer (werift seam), its data channels and its
 * Pipeline; closing it closes the pipeline (ffmpeg processes, sockets) and the peer connection.
 */
import {
  type BaseError,
  type ControlEvent,
  type ControlMessage,
  decodeControlMessage,
  isBaseError,
} from '@prism/protocol'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import type { DataChannelLike, SessionPeer } from '../../webrtc/MediaPeerTypes.ts'
import { ControlMessageInvalidError } from '../errors.ts'
import type { Pipeline, PipelineContext, PipelineKind } from '../pipelines/PipelineTypes.ts'
import type { RenditionFeed } from '../pipelines/RenditionFeed.ts'
import type { SessionEvents, SessionObserverEvents, SessionStats } from './SessionTypes.ts'

/** Options of a Session (made by `Orchestrator.createSession`). */
export type SessionOptions = {
  id: string
  streamId: string
  peer: SessionPeer
  codec: 'H264' | 'VP8'
  /** Ticket sender the offer named and signed (`?sender=&senderSig=`): payments come from it only. */
  sender?: string
  /** The address the offer came from (payments limit failures per address). */
  remoteAddress?: string
  /** Close when the peer has not connected after this long. Default: 5000 ms. */
  connectTimeoutMs?: number
}

/**
 * One gateway stream.
 *
 * @example
 * session.on('outputpixels', (r) => debit(r.pixels))
 * session.setOutputPaused(true, 'awaiting prepayment')
 */
export class Session extends EnhancedEventEmitter<SessionEvents> {
  readonly id: string
  readonly streamId: string
  readonly codec: 'H264' | 'VP8'
  readonly createdAt = new Date()
  /** The address the offer came from, when known. */
  readonly remoteAddress: string | undefined
  /** Monitoring events (metrics subscribe here). */
  readonly observer = new EnhancedEventEmitter<SessionObserverEvents>()
  readonly #peer: SessionPeer
  #pipeline: Pipeline | undefined
  #sender: string | undefined
  #paused = false
  #pausedReason: string | undefined
  #closed = false
  #closing: Promise<void> | undefined
  #connectTimer: NodeJS.Timeout | undefined
  #lastKeyframeRequest = 0
  readonly #pendingControl: string[] = []

  constructor(options: SessionOptions) {
    super()
    this.id = options.id
    this.streamId = options.streamId
    this.codec = options.codec
    this.#peer = options.peer
    this.#sender = options.sender
    this.remoteAddress = options.remoteAddress
    const peer = this.#peer
    peer.on('videortp', (pkt) => this.#pipeline?.handleRtp(pkt))
    peer.on('keyframerequest', () => this.#pipeline?.handleKeyframeRequest())
    peer.on('datachannel', (ch) => this.#routeChannel(ch))
    for (const ch of peer.channels.values()) this.#routeChannel(ch)
    peer.on('connectionstatechange', (state) => {
      if (state === 'connected') {
        clearTimeout(this.#connectTimer)
        this.safeEmit('connected')
      }
      if (state === 'failed' || state === 'closed')
        void this.close(`peer ${state}${peer.failureReason ? ` (${peer.failureReason})` : ''}`)
    })
    this.#connectTimer = setTimeout(() => {
      if (peer.connectionState !== 'connected') void this.close('peer did not connect')
    }, options.connectTimeoutMs ?? 5_000)
  }

  /** The ticket sender (Ethereum address), once known. */
  get sender(): string | undefined {
    return this.#sender
  }

  /** Records the ticket sender of an unbound session (the payments manager, from the first payment). */
  setSender(address: string): void {
    this.#sender = address
  }

  /** Pixels per second the pipeline is expected to output (for prepayment sizing). */
  get expectedPixelsPerSecond(): number {
    return this.#pipeline?.expectedPixelsPerSecond ?? 0
  }

  /** Kind of the session's pipeline. */
  get pipelineKind(): string | undefined {
    return this.#pipeline?.kind
  }

  /** Renditions WHEP viewers can watch apart (a transcode's ladder); none for other kinds. */
  get viewerRenditions(): string[] {
    return this.#pipeline?.viewerRenditions ?? []
  }

  /** One of {@link viewerRenditions} as RTP (encoded while watched), or undefined. */
  renditionFeed(name: string): RenditionFeed | undefined {
    return this.#closed ? undefined : this.#pipeline?.renditionFeed?.(name)
  }

  /** True while output is gated (payments). */
  get outputPaused(): boolean {
    return this.#paused
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed
  }

  /** True while the peer connection (ICE and DTLS) is connected. */
  get connected(): boolean {
    return this.#peer.connectionState === 'connected'
  }

  /**
   * Creates the session's pipeline (only the session makes its child) and starts it.
   *
   * @throws MediaProcessError (`MEDIA_PROCESS_FAILED`) when its processes cannot start.
   */
  async createPipeline<Spec>(
    kind: PipelineKind<Spec>,
    spec: Spec,
    ctx: Omit<PipelineContext, 'sessionId' | 'streamId' | 'codec' | 'sendControlEvent'>,
  ): Promise<Pipeline> {
    const pipeline = kind.create(spec, {
      ...ctx,
      sessionId: this.id,
      streamId: this.streamId,
      codec: this.codec,
      sendControlEvent: (e) => this.sendControlEvent(e),
    })
    this.#pipeline = pipeline
    pipeline.on('outputrtp', (pkt) => {
      this.#peer.sendVideoRtp(pkt)
      this.safeEmit('outputrtp', pkt)
    })
    pipeline.on('keyframeneeded', () => {
      const now = Date.now()
      if (now - this.#lastKeyframeRequest < 300) return
      this.#lastKeyframeRequest = now
      this.#peer.requestKeyframe()
    })
    pipeline.on('outputpixels', (r) => {
      this.safeEmit('outputpixels', r)
      this.observer.safeEmit('outputpixels', r)
    })
    pipeline.on('framedropped', (reason) => this.observer.safeEmit('framedropped', reason))
    pipeline.on('framesteps', (steps) => this.observer.safeEmit('framesteps', pipeline.kind, steps))
    pipeline.on('error', (err: BaseError) => {
      this.#sendError(err)
      void this.close(`pipeline error: ${err.code}`)
    })
    pipeline.on('close', () => {
      if (!this.#closed) void this.close('pipeline closed')
    })
    if (this.#paused) pipeline.setOutputPaused(true)
    await pipeline.start()
    return pipeline
  }

  #routeChannel(ch: DataChannelLike): void {
    if (ch.label === 'control') {
      ch.onMessage((data) => void this.#handleControl(data))
      void ch.opened().then(() => {
        for (const m of this.#pendingControl.splice(0)) ch.send(m)
      })
    } else if (ch.label === 'payment') {
      ch.onMessage((data) => this.safeEmit('paymentmessage', data))
    }
  }

  /**
   * A `control` frame from the gateway: decoded with `decodeControlMessage` (MESSAGE_INVALID back
   * when it does not decode), `ping` answered here (the one place that answers it), anything else
   * handed to the pipeline. Errors go back as `error` events with their code.
   */
  async #handleControl(data: string | Uint8Array): Promise<void> {
    let msg: ControlMessage
    try {
      msg = decodeControlMessage(typeof data === 'string' ? data : new TextDecoder().decode(data))
    } catch (err) {
      this.#sendError(err)
      return
    }
    if (msg.type === 'ping') {
      this.sendControlEvent({ v: 1, type: 'pong', t: msg.t })
      return
    }
    const p = this.#pipeline as (Pipeline & { acceptsControl?: boolean }) | undefined
    if (!p?.handleControl || p.acceptsControl === false) {
      this.#sendError(
        new ControlMessageInvalidError(
          `the ${p?.kind ?? 'session'} pipeline takes no "${msg.type}" messages`,
        ),
      )
      return
    }
    try {
      await p.handleControl(msg)
    } catch (err) {
      this.#sendError(err)
    }
  }

  #sendError(err: unknown): void {
    const code = isBaseError(err) ? err.code : 'CONTROL_MESSAGE_INVALID'
    const message = isBaseError(err) ? err.shortMessage : String(err)
    this.sendControlEvent({ v: 1, type: 'error', code, message })
  }

  /** Sends an event on the `control` data channel; up to 32 wait for it to open. */
  sendControlEvent(event: ControlEvent): void {
    const text = JSON.stringify(event)
    const ch = this.#peer.channels.get('control')
    if (ch?.isOpen) ch.send(text)
    else if (this.#pendingControl.length < 32) this.#pendingControl.push(text)
  }

  /** Sends an event on the `payment` data channel: JSON for objects, raw bytes for Uint8Array. */
  sendPaymentEvent(event: Record<string, unknown> | Uint8Array): void {
    this.#peer.channels.get('payment')?.send(event instanceof Uint8Array ? event : JSON.stringify(event))
  }

  /** Asks the pipeline for a keyframe on the output (a WHEP viewer joined or lost packets). */
  requestOutputKeyframe(): void {
    this.#pipeline?.handleKeyframeRequest()
  }

  /** Gates media output (payments): paused output drops frames (counted) and sends none. */
  setOutputPaused(paused: boolean, reason: string): void {
    if (this.#paused === paused) return
    this.#paused = paused
    this.#pausedReason = paused ? reason : undefined
    this.#pipeline?.setOutputPaused(paused)
    this.#peer.setReturnPaused?.(paused)
    this.sendControlEvent({ v: 1, type: paused ? 'paused' : 'resumed', reason })
    this.safeEmit('outputpaused', paused, reason)
  }

  /** Snapshot for admin and metrics. */
  toJSON(): SessionStats {
    return {
      id: this.id,
      streamId: this.streamId,
      ...(this.#sender ? { sender: this.#sender } : {}),
      createdAt: this.createdAt.toISOString(),
      codec: this.codec,
      connectionState: this.#peer.connectionState,
      outputPaused: this.#paused,
      ...(this.#pausedReason ? { pausedReason: this.#pausedReason } : {}),
      pipeline: this.#pipeline?.toJSON() ?? {
        kind: 'none',
        framesIn: 0,
        framesOut: 0,
        framesDropped: 0,
        pixelsOut: 0,
        stages: [],
      },
    }
  }

  /**
   * Closes the pipeline (processes, sockets), then the peer connection; emits `close` once.
   * Idempotent: later calls await the first.
   */
  close(reason = 'closed'): Promise<void> {
    if (this.#closing) return this.#closing
    let done!: () => void
    this.#closing = new Promise<void>((r) => {
      done = r
    })
    void (async () => {
      clearTimeout(this.#connectTimer)
      try {
        await this.#pipeline?.close()
      } catch (err) {
        logger.warn(`session ${this.id}: pipeline close failed`, err)
      }
      await this.#peer.close()
      this.#closed = true
      const stats = this.toJSON()
      logger.info(`session ${this.id} (${this.streamId}) closed: ${reason}`)
      this.safeEmit('close', reason)
      this.safeEmit('@close')
      this.observer.safeEmit('close', stats)
      done()
    })()
    return this.#closing
  }
}
