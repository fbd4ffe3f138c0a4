/**
 * Contract of {@link MediaPeer}: the only WebRTC surface the rest of the node sees. No werift type
 * leaks out of apps/node/src/webrtc; media moves as raw RTP packets (Buffers).
 */
import type { VideoCodecName } from './sdpOffer.ts'

/** A data channel as seen outside the seam. */
export interface DataChannelLike {
  /** `control` or `payment` (any label the remote opened). */
  readonly label: string
  /** Sends a string (JSON) or bytes (protobuf). Ignored when the channel is not open. */
  send(data: string | Uint8Array): void
  /** Subscribes to incoming messages; returns an unsubscribe function. */
  onMessage(cb: (data: string | Uint8Array) => void): () => void
  /** True while the channel is open. */
  readonly isOpen: boolean
  /** Resolves when the channel is open (immediately if it already is). */
  opened(): Promise<void>
  /** Closes the channel. */
  close(): void
}

/** Options of {@link MediaPeer} factories. */
export type MediaPeerOptions = {
  /** Restrict ICE to 127.0.0.1 (docs/environment.md). Default: true. */
  loopbackOnly?: boolean
  /** Video codecs in preference order. Default: `['H264', 'VP8']`. */
  codecs?: VideoCodecName[]
  /**
   * One Opus audio track: an answerer receives it when the offer has one (`audiortp` events), an
   * offerer sends it ({@link MediaPeer.sendAudioRtp}). Default: false (audio sections rejected).
   */
  audio?: boolean
  /** ICE gathering wait before answering (non-trickle). Default: 3000 ms. */
  gatherTimeoutMs?: number
}

/** Events of a {@link MediaPeer}. */
export type MediaPeerEvents = {
  /** An RTP packet of the remote video track (already decrypted). */
  videortp: [packet: Buffer]
  /** An RTP packet of the remote audio track (Opus; only with the `audio` option). */
  audiortp: [packet: Buffer]
  /** The remote asked for a keyframe on the video we send (PLI/FIR). */
  keyframerequest: []
  /** A data channel opened by the remote (or by us). */
  datachannel: [channel: DataChannelLike]
  /** Peer connection state (`connected`, `failed`, `closed`, …). */
  connectionstatechange: [state: string]
  /** Emitted once when closed. */
  close: []
  listenererror: [event: string, error: unknown]
}

/**
 * The server side of a WHIP session as a Session sees it: video RTP in and out, keyframe requests
 * both ways, the data channels the sender opened, and the connection state. {@link MediaPeer}
 * (werift) and `MediasoupPeer` (mediasoup) both are one.
 */
export interface SessionPeer {
  /** Negotiated video codec. */
  readonly codec: VideoCodecName | undefined
  /** `new`, `connected`, `failed`, `closed`. */
  readonly connectionState: string
  /** Why the peer failed or closed on its own (e.g. its media worker died), when it says. */
  readonly failureReason?: string | undefined
  /** Data channels by label. */
  readonly channels: ReadonlyMap<string, DataChannelLike>
  /** Sends one RTP packet of the returned video (SSRC and payload type are rewritten). */
  sendVideoRtp(packet: Buffer): void
  /** Asks the sender for a keyframe. */
  requestKeyframe(): void
  /**
   * Gates a natively looped-back return (payments); peers without one ignore it (the pipeline
   * gates its own output).
   */
  setReturnPaused?(paused: boolean): void
  /** Closes everything the peer made. Idempotent. */
  close(): Promise<void>
  readonly closed: boolean
  on<K extends keyof MediaPeerEvents & string>(
    event: K,
    listener: (...args: MediaPeerEvents[K]) => void,
  ): unknown
  once<K extends keyof MediaPeerEvents & string>(
    event: K,
    listener: (...args: MediaPeerEvents[K]) => void,
  ): unknown
}
