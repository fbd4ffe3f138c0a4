/**
 * The werift seam: one peer connection with one sendrecv video section, optionally one Opus audio
 * section (received by an answerer, sent by an offerer), and data channels. Used by the
 * orchestrator (answerer, WHIP), the gateway's WHIP ingest (answerer, with audio) and by the
 * headless client (offerer).
 */

import type { Socket } from 'node:dgram'
import {
  MediaStreamTrack,
  type RTCDataChannel,
  RTCPeerConnection,
  type RTCRtpCodecParameters,
  type RTCRtpTransceiver,
  RtpPacket,
  useH264,
  useOPUS,
  useVP8,
} from 'werift'
import { EnhancedEventEmitter } from '../lib/EnhancedEventEmitter.ts'
import { logger } from '../lib/logger.ts'
import { WebrtcNegotiationError } from './errors.ts'
import { keepLoopbackCandidates, loopbackPeerConfig } from './loopback.ts'
import type { DataChannelLike, MediaPeerEvents, MediaPeerOptions } from './MediaPeerTypes.ts'
import type { VideoCodecName } from './sdpOffer.ts'
import { closeTrackedSockets, trackSockets } from './socketTracker.ts'

function codecList(names: VideoCodecName[]): RTCRtpCodecParameters[] {
  return names.map((n) => (n === 'H264' ? useH264() : useVP8()))
}

function wrapChannel(dc: RTCDataChannel): DataChannelLike {
  return {
    label: dc.label,
    get isOpen() {
      return dc.readyState === 'open'
    },
    send(data) {
      if (dc.readyState !== 'open') return
      try {
        dc.send(typeof data === 'string' ? data : Buffer.from(data))
      } catch (err) {
        logger.warn(`data channel ${dc.label}: send failed`, err)
      }
    },
    onMessage(cb) {
      const { unSubscribe } = dc.onMessage.subscribe((data) => {
        cb(typeof data === 'string' ? data : new Uint8Array(data))
      })
      return unSubscribe
    },
    opened() {
      if (dc.readyState === 'open') return Promise.resolve()
      return new Promise((resolve) => {
        dc.stateChanged.subscribe((s) => {
          if (s === 'open') resolve()
        })
      })
    },
    close() {
      try {
        dc.close()
      } catch {
        // already closed
      }
    },
  }
}

/**
 * A WebRTC peer with one video transceiver (receive and send on the same connection) and data
 * channels. Create it with {@link MediaPeer.answer} (server) or {@link MediaPeer.offer} (client).
 *
 * @example
 * const { peer, answerSdp } = await MediaPeer.answer(offerSdp)
 * peer.on('videortp', (pkt) => peer.sendVideoRtp(pkt)) // echo
 */
export class MediaPeer extends EnhancedEventEmitter<MediaPeerEvents> {
  readonly #pc: RTCPeerConnection
  #transceiver: RTCRtpTransceiver | undefined
  #audioTransceiver: RTCRtpTransceiver | undefined
  #remoteSsrc: number | undefined
  #closed = false
  readonly #channels = new Map<string, DataChannelLike>()
  readonly #sockets = new Set<Socket>()

  private constructor(options: MediaPeerOptions) {
    super()
    this.#pc = trackSockets(
      this.#sockets,
      () =>
        new RTCPeerConnection({
          ...loopbackPeerConfig({ loopbackOnly: options.loopbackOnly ?? true }),
          codecs: {
            video: codecList(options.codecs ?? ['H264', 'VP8']),
            audio: options.audio ? [useOPUS()] : [],
          },
        }),
    )
    this.#pc.connectionStateChange.subscribe((state) => {
      this.safeEmit('connectionstatechange', state)
    })
    this.#pc.onDataChannel.subscribe((dc) => this.#addChannel(dc))
    this.#pc.onTransceiverAdded.subscribe((t) => this.#attach(t))
  }

  #addChannel(dc: RTCDataChannel): DataChannelLike {
    const wrapped = wrapChannel(dc)
    this.#channels.set(dc.label, wrapped)
    this.safeEmit('datachannel', wrapped)
    return wrapped
  }

  #attach(t: RTCRtpTransceiver): void {
    if (t.kind === 'audio') {
      this.#attachAudio(t)
      return
    }
    if (t.kind !== 'video' || this.#transceiver) return
    this.#transceiver = t
    // Subscribe synchronously (docs/environment.md): awaiting first misses the track event.
    t.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        this.#remoteSsrc = rtp.header.ssrc
        if (!this.#closed) this.safeEmit('videortp', rtp.serialize())
      })
    })
    t.sender.onRtcp.subscribe((packet) => {
      // 206 = payload-specific feedback (PLI, FIR)
      if ((packet as { type?: number }).type === 206) this.safeEmit('keyframerequest')
    })
  }

  #attachAudio(t: RTCRtpTransceiver): void {
    if (this.#audioTransceiver) return
    this.#audioTransceiver = t
    t.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        if (!this.#closed) this.safeEmit('audiortp', rtp.serialize())
      })
    })
  }

  /**
   * Answers a WHIP offer (non-trickle): sets the remote offer, makes the video section sendrecv,
   * gathers candidates and returns the answer SDP.
   *
   * @throws WebrtcNegotiationError (`WEBRTC_NEGOTIATION_FAILED`) when werift rejects the offer.
   * @example
   * const { peer, answerSdp } = await MediaPeer.answer(offer)
   */
  static async answer(
    offerSdp: string,
    options: MediaPeerOptions = {},
  ): Promise<{ peer: MediaPeer; answerSdp: string; codec: VideoCodecName }> {
    const peer = new MediaPeer(options)
    try {
      await trackSockets(peer.#sockets, () => peer.#pc.setRemoteDescription({ type: 'offer', sdp: offerSdp }))
      const t = peer.#transceiver ?? peer.#pc.getTransceivers().find((x) => x.kind === 'video')
      if (!t) throw new Error('no video transceiver after the offer')
      peer.#attach(t)
      t.setDirection('sendrecv')
      const audio = options.audio ? peer.#pc.getTransceivers().find((x) => x.kind === 'audio') : undefined
      if (audio) {
        peer.#attachAudio(audio)
        audio.setDirection('recvonly')
      }
      await trackSockets(peer.#sockets, async () =>
        peer.#pc.setLocalDescription(await peer.#pc.createAnswer()),
      )
      await peer.#gathered(options.gatherTimeoutMs ?? 3000)
      const sdp = peer.#pc.localDescription?.sdp ?? ''
      const codec = peer.codec
      if (!codec) throw new Error('no common video codec')
      return {
        peer,
        answerSdp: options.loopbackOnly === false ? sdp : keepLoopbackCandidates(sdp),
        codec,
      }
    } catch (err) {
      await peer.close()
      throw new WebrtcNegotiationError(err)
    }
  }

  /**
   * Creates an offering peer (headless client): one sendrecv video section and the given data
   * channels, candidates gathered. Complete it with {@link MediaPeer.acceptAnswer}.
   *
   * @example
   * const { peer, offerSdp } = await MediaPeer.offer({ channels: ['control', 'payment'] })
   */
  static async offer(
    options: MediaPeerOptions & { channels?: string[] } = {},
  ): Promise<{ peer: MediaPeer; offerSdp: string; channels: Map<string, DataChannelLike> }> {
    const peer = new MediaPeer(options)
    const track = new MediaStreamTrack({ kind: 'video' })
    const t = peer.#pc.addTransceiver(track, { direction: 'sendrecv' })
    peer.#attach(t)
    if (options.audio)
      peer.#attachAudio(
        peer.#pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendonly' }),
      )
    const channels = new Map<string, DataChannelLike>()
    for (const label of options.channels ?? [])
      channels.set(label, peer.#addChannel(peer.#pc.createDataChannel(label)))
    await trackSockets(peer.#sockets, async () => peer.#pc.setLocalDescription(await peer.#pc.createOffer()))
    await peer.#gathered(options.gatherTimeoutMs ?? 3000)
    const sdp = peer.#pc.localDescription?.sdp ?? ''
    return { peer, offerSdp: options.loopbackOnly === false ? sdp : keepLoopbackCandidates(sdp), channels }
  }

  /** Applies the answer of an offer made by {@link MediaPeer.offer}. */
  async acceptAnswer(answerSdp: string): Promise<void> {
    await trackSockets(this.#sockets, () => this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }))
  }

  async #gathered(timeoutMs: number): Promise<void> {
    if (this.#pc.iceGatheringState === 'complete') return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      this.#pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  }

  /** Negotiated video codec, once the description is applied. */
  get codec(): VideoCodecName | undefined {
    const mime = this.#transceiver?.codecs[0]?.mimeType ?? this.#transceiver?.sender.codec?.mimeType
    if (!mime) return undefined
    return mime.toLowerCase().endsWith('h264')
      ? 'H264'
      : mime.toLowerCase().endsWith('vp8')
        ? 'VP8'
        : undefined
  }

  /** True when an Opus audio section was negotiated (answerer: the offer carried one). */
  get hasAudio(): boolean {
    const t = this.#audioTransceiver
    return t !== undefined && t.codecs.length > 0
  }

  /** Peer connection state. */
  get connectionState(): string {
    return this.#pc.connectionState
  }

  /** Data channels by label (opened by either side). */
  get channels(): ReadonlyMap<string, DataChannelLike> {
    return this.#channels
  }

  /**
   * Sends one RTP packet on the video track. SSRC and payload type are rewritten by werift to the
   * negotiated values; sequence numbers and timestamps are kept.
   */
  sendVideoRtp(packet: Buffer): void {
    this.#sendRtp(this.#transceiver, packet)
  }

  /** Sends one RTP packet on the audio track (offerer with `audio`); ignored without one. */
  sendAudioRtp(packet: Buffer): void {
    this.#sendRtp(this.#audioTransceiver, packet)
  }

  #sendRtp(t: RTCRtpTransceiver | undefined, packet: Buffer): void {
    if (!t || this.#closed) return
    let rtp: RtpPacket
    try {
      rtp = RtpPacket.deSerialize(packet)
    } catch {
      return
    }
    rtp.header.extensions = []
    rtp.header.extension = false
    t.sender.sendRtp(rtp).catch((err: unknown) => logger.debug(`sendRtp (${t.kind}) failed`, err))
  }

  /** Asks the remote sender for a keyframe (RTCP PLI). */
  requestKeyframe(): void {
    const t = this.#transceiver
    if (!t || this.#remoteSsrc === undefined || this.#closed) return
    t.receiver.sendRtcpPLI(this.#remoteSsrc).catch(() => undefined)
  }

  /** Closes the peer connection and its channels. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const ch of this.#channels.values()) ch.close()
    try {
      await this.#pc.close()
    } catch (err) {
      logger.debug('peer close failed', err)
    }
    closeTrackedSockets(this.#sockets)
    this.safeEmit('close')
  }

  /** True once {@link MediaPeer.close} ran. */
  get closed(): boolean {
    return this.#closed
  }
}
