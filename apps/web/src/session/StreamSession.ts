import { type ControlEvent, type ControlMessage, decodeControlEvent } from '@prism/protocol'
import { Emitter } from '../lib/Emitter.ts'
import type { SwapReason } from '../swap/swapPolicy.ts'
import { type WhipOfferSigner, whipPublish, whipUnpublish } from './whipClient.ts'

/** Life of one stream to one orchestrator. */
export type StreamState = 'new' | 'connecting' | 'live' | 'failed' | 'closed'

/** Events of {@link StreamSession}. */
export type StreamSessionEvents = {
  /** The state changed. */
  state: [StreamState]
  /** The processed video arrived from the orchestrator. */
  output: [MediaStream]
  /** An event arrived on the `control` channel (decoded with `decodeControlEvent`). */
  control: [ControlEvent]
  /** A `control` frame did not decode (dropped); the reason, e.g. `MESSAGE_INVALID: … at type`. */
  controlInvalid: [reason: string]
  /** A JSON message arrived on the `payment` channel. */
  payment: [unknown]
  /** The `payment` channel opened: payments can be sent. */
  paymentOpen: []
  /** The `control` channel opened. */
  controlOpen: []
  /** The session failed; the caller decides whether to swap. */
  failed: [reason: SwapReason, detail: string]
  /** The video sender exists, before the offer (to install an encoded transform on it). */
  sender: [RTCRtpSender]
}

/** Options of {@link StreamSession}. */
export type StreamSessionOptions = {
  /** Orchestrator base URL. */
  url: string
  /** Pipeline spec sent with the WHIP offer. */
  pipeline: unknown
  /** Camera (or canvas) stream to send. */
  input: MediaStream
  /** Stream name. Default: a random id. */
  stream?: string
  /** Signs the WHIP offer (the session key): the session takes payments from it only. Default: none. */
  signer?: WhipOfferSigner | undefined
}

/**
 * One live stream to one orchestrator: a peer connection carrying the input track, the returned
 * video and the `control` and `payment` data channels (created here, as the offerer), published
 * over WHIP. Reports failures as `failed` events; it never retries by itself (the gateway swaps).
 *
 * @example
 * const s = new StreamSession({ url, pipeline: { kind: 'passthrough' }, input })
 * s.events.on('output', (stream) => { video.srcObject = stream })
 * await s.start()
 */
export class StreamSession {
  /** Typed events, see {@link StreamSessionEvents}. */
  readonly events = new Emitter<StreamSessionEvents>()
  /** Orchestrator base URL. */
  readonly url: string
  /** Stream name. */
  readonly stream: string
  /** The peer connection (for getStats). */
  readonly pc: RTCPeerConnection
  #pipeline: unknown
  #input: MediaStream
  #signer: WhipOfferSigner | undefined
  #state: StreamState = 'new'
  #location: string | undefined
  #control: RTCDataChannel
  #payment: RTCDataChannel
  #output: MediaStream | undefined

  constructor(options: StreamSessionOptions) {
    this.url = options.url
    this.stream = options.stream ?? `web-${crypto.randomUUID().slice(0, 8)}`
    this.#pipeline = options.pipeline
    this.#input = options.input
    this.#signer = options.signer
    this.pc = new RTCPeerConnection({ iceServers: [] })
    this.#control = this.pc.createDataChannel('control')
    this.#payment = this.pc.createDataChannel('payment')
    this.#wireChannel(this.#control, 'control')
    this.#wireChannel(this.#payment, 'payment')
    this.pc.addEventListener('track', (ev) => {
      const stream = ev.streams[0] ?? new MediaStream([ev.track])
      this.#output = stream
      this.events.emit('output', stream)
    })
    this.pc.addEventListener('connectionstatechange', () => {
      const s = this.pc.connectionState
      if (s === 'connected' && this.#state === 'connecting') this.#setState('live')
      if (s === 'failed' || (s === 'closed' && this.#state !== 'closed'))
        this.#fail('peer-failed', `peer ${s}`)
    })
  }

  /** Current state. */
  get state(): StreamState {
    return this.#state
  }

  /** The pipeline spec this session was started with. */
  get pipeline(): unknown {
    return this.#pipeline
  }

  /** The processed video, once it arrived. */
  get output(): MediaStream | undefined {
    return this.#output
  }

  /**
   * Adds the input track and publishes over WHIP.
   * @throws WhipError `WEB_WHIP_FAILED` when the orchestrator refuses or cannot be reached
   * (the session is then `failed`).
   */
  async start(): Promise<void> {
    this.#setState('connecting')
    const track = this.#input.getVideoTracks()[0]
    if (track) {
      const t = this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [this.#input] })
      this.events.emit('sender', t.sender)
    } else this.pc.addTransceiver('video', { direction: 'recvonly' })
    try {
      const { location } = await whipPublish({
        baseUrl: this.url,
        stream: this.stream,
        pipeline: this.#pipeline,
        pc: this.pc,
        signer: this.#signer,
      })
      this.#location = location
    } catch (err) {
      this.#setState('failed')
      throw err
    }
  }

  /** Sends a JSON message on `control`; returns false when the channel is not open. */
  sendControl(message: ControlMessage): boolean {
    return this.#send(this.#control, message)
  }

  /** Sends a JSON message on `payment`; returns false when the channel is not open. */
  sendPayment(message: unknown): boolean {
    return this.#send(this.#payment, message)
  }

  /** Whether the payment channel is open. */
  get paymentReady(): boolean {
    return this.#payment.readyState === 'open'
  }

  /** Reports a failure detected outside (watchdog, node error, verification). */
  fail(reason: SwapReason, detail: string): void {
    this.#fail(reason, detail)
  }

  /** Ends the session: DELETE on the WHIP resource, closes the peer connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    const wasFailed = this.#state === 'failed'
    this.#setState('closed')
    const location = this.#location
    this.pc.close()
    if (location && !wasFailed) await whipUnpublish(location)
    else if (location) void whipUnpublish(location)
    this.events.removeAll()
  }

  #send(channel: RTCDataChannel, message: unknown): boolean {
    if (channel.readyState !== 'open') return false
    channel.send(JSON.stringify(message))
    return true
  }

  #wireChannel(channel: RTCDataChannel, name: 'control' | 'payment') {
    channel.addEventListener('open', () =>
      this.events.emit(name === 'control' ? 'controlOpen' : 'paymentOpen'),
    )
    channel.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return
      if (name === 'control') {
        let event: ControlEvent
        try {
          event = decodeControlEvent(ev.data)
        } catch (err) {
          this.events.emit('controlInvalid', err instanceof Error ? err.message.split('\n')[0]! : String(err))
          return
        }
        this.events.emit('control', event)
        return
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(ev.data)
      } catch {
        return
      }
      this.events.emit('payment', parsed)
    })
  }

  #fail(reason: SwapReason, detail: string) {
    if (this.#state === 'failed' || this.#state === 'closed') return
    this.#setState('failed')
    this.events.emit('failed', reason, detail)
  }

  #setState(state: StreamState) {
    if (this.#state === state) return
    this.#state = state
    this.events.emit('state', state)
  }
}
