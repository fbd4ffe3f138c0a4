/** Contract of {@link TranscoderRegistry} and of the transcoder wire messages (docs/transcoder.md). */
import type { SegmentResult } from '../gateway/segmentResult.ts'

/** One job line the orchestrator writes on an attached transcoder's stream (NDJSON). */
export type TranscoderJobMessage = {
  type: 'job'
  id: string
  manifestId: string
  seq: number
  /** Profile names, e.g. `P240p30fps16x9`. */
  profiles: string[]
  /** MPEG-TS segment, standard base64. */
  data: string
}

/** Keep-alive line, every `pingMs`. */
export type TranscoderPingMessage = { type: 'ping' }

/** Greeting line sent once when the transcoder is attached. */
export type TranscoderHelloMessage = { type: 'hello'; id: string }

/** Any line on the stream. */
export type TranscoderStreamMessage = TranscoderJobMessage | TranscoderPingMessage | TranscoderHelloMessage

/** Body of `POST /transcoder/results/:id`. */
export type TranscoderResultMessage = { renditions: SegmentResult['renditions'] } | { error: string }

/** What /info and /metrics show per attached transcoder. */
export type AttachedTranscoderInfo = {
  id: string
  /** Remote address of its connection. */
  address: string
  /** Concurrent jobs it accepts. */
  capacity: number
  /** Jobs in flight now. */
  load: number
  /** Jobs completed. */
  completed: number
}

/** Events of {@link TranscoderRegistry}. */
export type TranscoderRegistryEvents = {
  attach: [AttachedTranscoderInfo]
  detach: [AttachedTranscoderInfo]
  /** A job was moved to another transcoder or to local work after its transcoder left. */
  jobRequeued: [jobId: string]
}

/** Options of {@link TranscoderRegistry}. */
export type TranscoderRegistryOptions = {
  /** Shared secret transcoders must present (`-orchSecret`). */
  secret: string
  /** Transcode locally when no transcoder is free; absent = wait for one. Default: none. */
  local?: (
    data: Uint8Array,
    profiles: readonly string[],
  ) => Promise<import('../media/ffmpeg/transcodeSegment.ts').SegmentRendition[]>
  /** Attempts per job across transcoders before failing. Default: 3. */
  maxAttempts?: number
  /** A job with no result after this many ms is retried elsewhere. Default: 60000. */
  jobTimeoutMs?: number
}
