/**
 * Contract of the headless gateway client (WhipClient).
 *
 * Round trip per frame: the client remembers when it sent the first packet of each RTP timestamp
 * and, when a packet with the marker bit and the same timestamp comes back, records
 * `now - sentAt`. The node's passthrough forwards RTP with timestamps unchanged (werift only
 * rewrites SSRC and payload type), so this measures the full path client -> node -> client.
 * Pipelines that re-encode (transcode, ai) create new timestamps: for them only frame counts are
 * measured, not round trips.
 */

/** Where the client's video comes from. */
export type WhipClientSource =
  | { type: 'testsrc'; width: number; height: number; fps?: number; durationSec?: number }
  | { type: 'file'; path: string; loop?: boolean }

/** Options of `WhipClient.connect`. */
export type WhipClientOptions = {
  /** Base URL of the orchestrator, e.g. `http://127.0.0.1:8935`. */
  url: string
  /** Stream id (path segment of `/live/{stream}/whip`). */
  streamId: string
  /** Pipeline spec (sent as the `pipeline` query parameter). Default: passthrough. */
  pipeline?: unknown
  /** Also send an Opus audio track (a 440 Hz tone), as browsers and OBS do. Default: false. */
  audio?: boolean
  /** Video source. Default: testsrc 640x360 at 30 fps, until closed. */
  source?: WhipClientSource
  /** Codec to offer (first preference). Default: 'H264'. */
  codec?: 'H264' | 'VP8'
  /** Decode the returned video with ffmpeg (frame sizes, decoded frames). Default: true. */
  decode?: boolean
  /** Ticket sender sent as `?sender=`. Default: the address of `senderKey`, else none. */
  sender?: string
  /**
   * The sender's private key: the offer is signed with it (`?senderSig=`, @prism/protocol
   * `signWhipOffer`), binding the session to that sender, as a paid node requires. Default: none.
   */
  senderKey?: `0x${string}`
  /** A `senderSig` to send as is instead of signing (tests of refused signatures). */
  senderSig?: `0x${string}`
  /** Start the source only once `start()` is called. Default: false (starts when connected). */
  manualStart?: boolean
  /** How long `connect` waits for the peer connection after the answer. Default: 15000 ms. */
  connectTimeoutMs?: number
  /** Extra headers of the WHIP POST. */
  headers?: Record<string, string>
}

/** Running counters of a client. */
export type WhipClientStats = {
  framesSent: number
  /** Frames received (RTP marker bits). */
  framesReceived: number
  /** Frames decoded by the client's ffmpeg. */
  framesDecoded: number
  /** Size of the last decoded frame. */
  width: number
  height: number
  /** Round trips measured (ms), in arrival order. */
  roundTripsMs: number[]
}

/** Events of a WhipClient. */
export type WhipClientEvents = {
  /** A returned frame, decoded to I420. */
  frame: [frame: { width: number; height: number; data: Buffer }]
  /** A JSON event from the node on the `control` channel. */
  control: [event: Record<string, unknown>]
  /** A message from the node on the `payment` channel (JSON parsed when text). */
  payment: [message: Record<string, unknown> | Uint8Array]
  /** Connection state of the peer. */
  connectionstatechange: [state: string]
  close: []
  listenererror: [event: string, error: unknown]
}
