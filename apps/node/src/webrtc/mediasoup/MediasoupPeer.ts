/**
 * A WHIP session terminated on mediasoup: one router per session on a pool worker, the sender's
 * WebRtcTransport (on the worker's WebRtcServer, SCTP enabled), the sender's video as a Producer,
 * and a DirectTransport that carries it to the session's pipeline (a Consumer whose packets are
 * emitted as `videortp`) and brings the pipeline's output back (a DirectTransport Producer,
 * consumed on the sender's transport in the offer's own m-section; a passthrough's return is a
 * consumer of the sender's producer itself, `loopback`). Keyframe requests flow both
 * ways through mediasoup (the sender's PLI/FIR on the returned video arrives as RTCP on the
 * DirectTransport; `requestKeyframe` asks the sender through the Consumer).
 *
 * Data channels: Prism's senders open `control` and `payment` in band (RFC 8832, DCEP), which
 * mediasoup does not implement; this peer does, in JS: a DataProducer waits on each of the first
 * {@link DCEP_STREAMS} SCTP streams, a DATA_CHANNEL_OPEN on one of them makes the reverse
 * DataConsumer on the same stream id and is acknowledged. Closing the peer closes its router
 * (mediasoup closes the transports, producers and consumers with it).
 */
import type { types } from 'mediasoup'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import { WebrtcNegotiationError } from '../errors.ts'
import type { DataChannelLike, MediaPeerEvents, SessionPeer } from '../MediaPeerTypes.ts'
import type { VideoCodecName } from '../sdpOffer.ts'
import { DCEP_ACK, PPID, parseDcepOpen } from './dcep.ts'
import { isKeyframeRequest } from './StreamFanout.ts'
import { remoteDtls } from './sdpParts.ts'
import type { WorkerEntry } from './WorkerPool.ts'
import {
  buildWhipAnswer,
  parseWhipOffer,
  whipAudioParameters,
  whipProducerParameters,
  whipReturnCapabilities,
  whipRouterCodec,
} from './whipSdp.ts'

/** SCTP streams on which a sender's in-band channel may open (both DTLS roles' first channels). */
export const DCEP_STREAMS = 8

/** SSRC of the returned video as the DirectTransport Producer receives it. */
const RETURN_SSRC = 0x52455455

/** Options of {@link MediasoupPeer.answer}. */
export type MediasoupPeerOptions = {
  /** Video codecs in preference order. Default: `['H264', 'VP8']`. */
  codecs?: VideoCodecName[]
  /**
   * The returned video is the sender's own (passthrough): a consumer of its producer inside the
   * router, no JavaScript on the way back; `sendVideoRtp` is then ignored. Default: false.
   */
  loopback?: boolean
  /** Receive the offer's Opus audio too (`audiortp` events). Default: false (audio rejected). */
  audio?: boolean
}

type Stream = { channel?: Channel; queue: { data: Buffer; ppid: number }[] | undefined }

function decodeMessage(data: Buffer, ppid: number): string | Uint8Array | undefined {
  if (ppid === PPID.string) return data.toString('utf8')
  if (ppid === PPID.binary) return new Uint8Array(data)
  if (ppid === PPID.emptyString) return ''
  if (ppid === PPID.emptyBinary) return new Uint8Array(0)
  return undefined
}

/** Makes a DataConsumer on `transport` that sends on SCTP stream `streamId`. */
async function consumeDataOnStream(
  transport: types.WebRtcTransport,
  dataProducerId: string,
  streamId: number,
  ordered: boolean,
): Promise<types.DataConsumer> {
  // mediasoup picks a free outbound stream id itself; a channel opened in band must answer on its
  // own id, so the pick is pinned for this one call (and checked below)
  const t = transport as unknown as { allocateSctpStreamId: () => number }
  const own = t.allocateSctpStreamId
  t.allocateSctpStreamId = () => streamId
  try {
    const dc = await transport.consumeData({ dataProducerId, ordered })
    if (dc.sctpStreamParameters?.streamId !== streamId) {
      dc.close()
      throw new Error(`data consumer took stream ${dc.sctpStreamParameters?.streamId}, not ${streamId}`)
    }
    return dc
  } finally {
    t.allocateSctpStreamId = own
  }
}

/**
 * The mediasoup side of one WHIP session.
 *
 * @example
 * const { peer, answerSdp } = await MediasoupPeer.answer(pool.pick(), offerSdp)
 * peer.on('videortp', (pkt) => peer.sendVideoRtp(pkt)) // echo through mediasoup
 */
export class MediasoupPeer extends EnhancedEventEmitter<MediaPeerEvents> implements SessionPeer {
  readonly codec: VideoCodecName
  readonly router: types.Router
  readonly transport: types.WebRtcTransport
  readonly #direct: types.DirectTransport
  readonly #returnProducer: types.Producer | undefined
  readonly #returned: types.Consumer | undefined
  readonly #inbound: types.Consumer
  readonly #payloadType: number
  readonly #channels = new Map<string, DataChannelLike>()
  readonly #streams = new Map<number, Stream>()
  #state = 'new'
  #closed = false
  #failureReason: string | undefined
  #hasAudio = false

  private constructor(
    codec: VideoCodecName,
    payloadType: number,
    router: types.Router,
    transport: types.WebRtcTransport,
    direct: types.DirectTransport,
    inbound: types.Consumer,
    returnProducer: types.Producer | undefined,
    returned: types.Consumer | undefined,
  ) {
    super()
    this.codec = codec
    this.#payloadType = payloadType
    this.router = router
    this.transport = transport
    this.#direct = direct
    this.#inbound = inbound
    this.#returnProducer = returnProducer
    this.#returned = returned
    inbound.on('rtp', (packet) => {
      if (this.#closed || packet.length < 12) return
      // the pipeline reads the sender's payload type (the router's may differ)
      packet[1] = (packet[1]! & 0x80) | payloadType
      this.safeEmit('videortp', packet)
    })
    direct.on('rtcp', (packet) => {
      if (isKeyframeRequest(packet)) this.safeEmit('keyframerequest')
    })
    const update = () => {
      const ice = transport.iceState
      const dtls = transport.dtlsState
      const next =
        dtls === 'failed' || ice === 'disconnected'
          ? 'failed'
          : dtls === 'closed'
            ? 'closed'
            : dtls === 'connected' && (ice === 'connected' || ice === 'completed')
              ? 'connected'
              : this.#state
      this.#setState(next)
    }
    transport.on('icestatechange', update)
    transport.on('dtlsstatechange', update)
    router.on('workerclose', () => {
      this.#failureReason = 'its mediasoup worker died'
      this.#setState('failed')
    })
    router.observer.once('close', () => void this.close())
  }

  /** Why the peer failed on its own (its worker died), when it did. */
  get failureReason(): string | undefined {
    return this.#failureReason
  }

  #setState(state: string): void {
    if (state === this.#state) return
    this.#state = state
    this.safeEmit('connectionstatechange', state)
  }

  /**
   * Answers a WHIP offer on a worker: router, transports, producers and consumers, the answer SDP.
   *
   * @throws SdpMalformedError (`SDP_MALFORMED`), SdpFingerprintInvalidError
   * (`SDP_FINGERPRINT_INVALID`), SdpCodecUnsupportedError (`SDP_CODEC_UNSUPPORTED`) before anything
   * is made; WebrtcNegotiationError (`WEBRTC_NEGOTIATION_FAILED`) when mediasoup refuses it.
   */
  static async answer(
    entry: WorkerEntry,
    offerSdp: string,
    options: MediasoupPeerOptions = {},
  ): Promise<{ peer: MediasoupPeer; answerSdp: string; codec: VideoCodecName }> {
    const offer = parseWhipOffer(offerSdp, options.codecs ?? ['H264', 'VP8'], {
      audio: options.audio ?? false,
    })
    const audio = offer.audio ? whipAudioParameters(offer.audio) : undefined
    let router: types.Router | undefined
    try {
      router = await entry.worker.createRouter({
        mediaCodecs: [whipRouterCodec(offer), ...(audio ? [audio.codec] : [])],
      })
      const transport = await router.createWebRtcTransport({
        webRtcServer: entry.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        enableSctp: offer.applicationIndex >= 0,
        maxSendMessageSize: 262144,
        maxReceiveMessageSize: 262144,
      })
      await transport.connect({ dtlsParameters: remoteDtls(offer) })
      const producer = await transport.produce({
        kind: 'video',
        rtpParameters: whipProducerParameters(offer),
      })
      const direct = await router.createDirectTransport({
        maxSendMessageSize: 262144,
        maxReceiveMessageSize: 262144,
      })
      const inbound = await direct.consume({
        producerId: producer.id,
        rtpCapabilities: router.rtpCapabilities,
      })
      const returnProducer =
        options.loopback || offer.direction === 'sendonly'
          ? undefined
          : await direct.produce({
              kind: 'video',
              rtpParameters: {
                codecs: [
                  {
                    mimeType: offer.codec.mimeType,
                    payloadType: offer.codec.payloadType,
                    clockRate: 90000,
                    parameters: offer.codec.parameters,
                    rtcpFeedback: [
                      { type: 'nack' },
                      { type: 'nack', parameter: 'pli' },
                      { type: 'ccm', parameter: 'fir' },
                    ],
                  },
                ],
                encodings: [{ ssrc: RETURN_SSRC }],
              },
            })
      const returned =
        offer.direction === 'sendrecv'
          ? await transport.consume({
              producerId: returnProducer?.id ?? producer.id,
              rtpCapabilities: whipReturnCapabilities(offer, router.rtpCapabilities),
              mid: offer.sections[offer.videoIndex]!.mid,
            })
          : undefined
      const peer = new MediasoupPeer(
        offer.codecName,
        offer.codec.payloadType,
        router,
        transport,
        direct,
        inbound,
        returnProducer,
        returned,
      )
      if (audio && offer.audio) {
        const producer = await transport.produce({ kind: 'audio', rtpParameters: audio.rtpParameters })
        const consumer = await direct.consume({
          producerId: producer.id,
          rtpCapabilities: router.rtpCapabilities,
        })
        peer.#listenForAudio(consumer, offer.audio.payloadType)
      }
      if (offer.applicationIndex >= 0) await peer.#listenForChannels()
      return { peer, answerSdp: buildWhipAnswer(offer, transport, returned), codec: offer.codecName }
    } catch (err) {
      router?.close()
      throw new WebrtcNegotiationError(err)
    }
  }

  #listenForAudio(consumer: types.Consumer, payloadType: number): void {
    this.#hasAudio = true
    consumer.on('rtp', (packet) => {
      if (this.#closed || packet.length < 12) return
      packet[1] = (packet[1]! & 0x80) | payloadType
      this.safeEmit('audiortp', packet)
    })
  }

  /** True when the offer's Opus audio is received (`audio` option). */
  get hasAudio(): boolean {
    return this.#hasAudio
  }

  async #listenForChannels(): Promise<void> {
    // requested together, not one after another: they delay the answer
    await Promise.all(
      Array.from({ length: DCEP_STREAMS }, async (_, id) => {
        const producer = await this.transport.produceData({
          sctpStreamParameters: { streamId: id, ordered: true },
          label: `sctp-${id}`,
        })
        const reader = await this.#direct.consumeData({ dataProducerId: producer.id })
        reader.on('message', (data, ppid) => this.#onMessage(id, data, ppid))
      }),
    )
  }

  #onMessage(streamId: number, data: Buffer, ppid: number): void {
    if (this.#closed) return
    const stream = this.#streams.get(streamId)
    if (ppid === PPID.dcep) {
      const open = parseDcepOpen(data)
      if (!open || stream) return
      const fresh: Stream = { queue: [] }
      this.#streams.set(streamId, fresh)
      this.#openChannel(streamId, open.label, open.ordered, fresh).catch((err: unknown) => {
        logger.warn(`data channel "${open.label}" on stream ${streamId} could not open`, err)
      })
      return
    }
    if (!stream) return
    if (stream.queue) stream.queue.push({ data, ppid })
    else this.#deliver(stream, data, ppid)
  }

  #deliver(stream: Stream, data: Buffer, ppid: number): void {
    const message = decodeMessage(data, ppid)
    if (message !== undefined) stream.channel?.receive(message)
  }

  async #openChannel(streamId: number, label: string, ordered: boolean, stream: Stream): Promise<void> {
    const writer = await this.#direct.produceData({ label })
    await consumeDataOnStream(this.transport, writer.id, streamId, ordered)
    writer.send(Buffer.from(DCEP_ACK), PPID.dcep)
    const channel = makeChannel(label, writer, () => this.#closed)
    stream.channel = channel
    this.#channels.set(label, channel)
    this.safeEmit('datachannel', channel)
    const queued = stream.queue ?? []
    stream.queue = undefined
    for (const m of queued) this.#deliver(stream, m.data, m.ppid)
  }

  /** `new`, `connected`, `failed` or `closed`. */
  get connectionState(): string {
    return this.#state
  }

  /** Data channels the sender opened, by label. */
  get channels(): ReadonlyMap<string, DataChannelLike> {
    return this.#channels
  }

  /** Sends one RTP packet of the returned video (rewritten to the return producer's SSRC and payload type). */
  sendVideoRtp(packet: Buffer): void {
    if (this.#closed || !this.#returnProducer || packet.length < 12) return
    const out = Buffer.from(packet)
    out[1] = (out[1]! & 0x80) | this.#payloadType
    out.writeUInt32BE(RETURN_SSRC, 8)
    try {
      this.#returnProducer.send(out)
    } catch (err) {
      logger.debug('return producer send failed', err)
    }
  }

  /** Asks the sender for a keyframe (PLI through the router). */
  requestKeyframe(): void {
    if (this.#closed) return
    this.#inbound.requestKeyFrame().catch(() => undefined)
  }

  /** Pauses or resumes a looped-back return (mediasoup asks the sender for a keyframe on resume). */
  setReturnPaused(paused: boolean): void {
    const consumer = this.#returned
    if (this.#closed || this.#returnProducer || !consumer) return
    ;(paused ? consumer.pause() : consumer.resume()).catch(() => undefined)
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed
  }

  /** Closes the router (and with it every transport, producer and consumer). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.router.close()
    this.#setState('closed')
    this.safeEmit('close')
  }
}

/** A data channel whose writes go through a DirectTransport DataProducer; `receive` feeds its listeners. */
type Channel = DataChannelLike & { receive(data: string | Uint8Array): void }

function makeChannel(label: string, writer: types.DataProducer, closed: () => boolean): Channel {
  const listeners = new Set<(data: string | Uint8Array) => void>()
  let open = true
  writer.observer.once('close', () => {
    open = false
  })
  return {
    label,
    get isOpen() {
      return open && !closed()
    },
    send(data: string | Uint8Array) {
      if (!open || closed()) return
      try {
        if (typeof data === 'string') writer.send(data, data.length === 0 ? PPID.emptyString : PPID.string)
        else
          writer.send(
            data.length === 0 ? Buffer.alloc(1) : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
            data.length === 0 ? PPID.emptyBinary : PPID.binary,
          )
      } catch (err) {
        logger.warn(`data channel ${label}: send failed`, err)
      }
    },
    onMessage(cb: (data: string | Uint8Array) => void) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    opened() {
      return Promise.resolve()
    },
    close() {
      open = false
      writer.close()
    },
    receive(data: string | Uint8Array) {
      for (const cb of listeners) cb(data)
    },
  }
}
