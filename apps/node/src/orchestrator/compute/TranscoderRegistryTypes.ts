/**
 * Contract of {@link TranscoderRegistry}: remote transcoders attached by go-livepeer's
 * `net.Transcoder/RegisterTranscoder` (work items are `net.NotifySegment`, results arrive on
 * `POST /transcodeResults`), and the one function the segment path calls (`transcode`).
 */
import type { net, ProfileInput } from '@prism/protocol'
import type { SegmentRendition } from '../../media/ffmpeg/transcodeSegment.ts'

/** What /info and /metrics show per attached transcoder. */
export type AttachedTranscoderInfo = {
  id: string
  /** Remote address of its connection ('' when the transport does not tell). */
  address: string
  /** Sessions it accepts at once (RegisterRequest.capacity). */
  capacity: number
  /** Sessions assigned to it now (a session sticks to one transcoder). */
  load: number
  /** Segments sent to it and not answered yet. */
  inFlight: number
  /** Segments it transcoded. */
  completed: number
}

/** One attached transcoder's stream, as the gRPC service hands it to the registry. */
export type RemoteTranscoderConnection = {
  /** Remote address, '' when unknown. */
  address: string
  /** Sessions it accepts at once (> 0). */
  capacity: number
  /** Its capabilities (the default set when it sent none). */
  capabilities: net.Capabilities
  /** Origin the transcoder reaches this node at (e.g. `https://10.0.0.2:8935`); input URLs start with it. */
  baseUrl: string
  /** Writes one NotifySegment on the stream; false when the stream is gone. */
  send(notify: net.NotifySegment): boolean
  /** Ends the stream (registry close). */
  close(): void
}

/**
 * Everything the segment path knows about one segment besides its bytes and profiles. Only
 * `manifestId` and `seq` are required; the rest is copied into the NotifySegment when present.
 */
export type TranscodeContext = {
  manifestId: string
  seq: number
  /** The session (auth token session id); default: `manifestId`. A session sticks to one transcoder. */
  sessionId?: string
  /** The gateway's auth token (copied into the work item's SegData). */
  authToken?: net.AuthToken
  /** SegData duration in ms; 0 or absent = 2000. Sets the remote timeout max(8 s, 4 × duration). */
  durationMs?: number
  /** The job's capabilities; absent = derived from the profiles (auth token, H.264, outputs). */
  capabilities?: net.Capabilities
  /** Ask for a perceptual hash per rendition. */
  calcPerceptualHash?: boolean
  /** Clip bounds. */
  segmentParameters?: net.SegParameters
}

/**
 * The segment path's view of the registry: transcode these bytes into these profiles, get the
 * renditions (profile order) with their encoded pixels. Stable: `POST /segment` calls exactly
 * this, whether the work runs on a remote transcoder or local ffmpeg.
 */
export type SegmentTranscoder = (
  data: Uint8Array,
  profiles: readonly Exclude<ProfileInput, string>[],
  ctx: TranscodeContext,
) => Promise<TranscodedRendition[]>

/** One rendition of a transcoded segment. */
export type TranscodedRendition = SegmentRendition & {
  /** MPEG-7 signature bytes when the segment asked for one and the transcoder sent it. */
  perceptualHash?: Uint8Array
}

/** A result a transcoder posted on `/transcodeResults`. */
export type RemoteTaskResult =
  | { error: string }
  | {
      /** One per profile, in profile order. */
      renditions: { data: Uint8Array; pixels: number; perceptualHash?: Uint8Array }[]
      /** Decoded (input) pixels the transcoder reported. */
      decodedPixels: number
    }

/** Events of {@link TranscoderRegistry}. */
export type TranscoderRegistryEvents = {
  attach: [AttachedTranscoderInfo]
  detach: [AttachedTranscoderInfo]
  /** A task was sent again (another transcoder or local) after its transcoder dropped. */
  taskRequeued: [taskId: bigint]
  /** A session ended (idle or `endSession`); its transcoder got the teardown NotifySegment. */
  sessionEnded: [sessionId: string]
}

/** Local transcoding used when no remote transcoder can take a segment. */
export type LocalTranscode = (
  data: Uint8Array,
  profiles: readonly Exclude<ProfileInput, string>[],
  /** The session the segment belongs to (its consecutive segments may share one ffmpeg). */
  sessionId: string,
) => Promise<SegmentRendition[]>

/** Options of {@link TranscoderRegistry}. */
export type TranscoderRegistryOptions = {
  /** Shared secret transcoders present (`-orchSecret`); empty = none can attach. */
  secret: string
  /** Transcode locally when no remote transcoder can take a segment; absent = answer its error. */
  local?: LocalTranscode
  /** Called once when the registry closes: releases what `local` holds (its ffmpeg processes). */
  onClose?: () => void
  /** NotifySegment.orchId: the recipient address, or `offchain`. Default: `offchain`. */
  orchId?: string
  /** Attempts per segment when transcoders drop mid-segment. Default: 3. */
  maxAttempts?: number
  /** Floor of the remote timeout (max(floor, 4 × duration)). Default: 8000 ms. */
  minTimeoutMs?: number
  /** A session with no segment for this long ends (teardown to its transcoder). Default: 70000 ms. */
  sessionIdleMs?: number
  /** Inputs kept for download at once (oldest dropped). Default: 64. */
  maxInputs?: number
}
