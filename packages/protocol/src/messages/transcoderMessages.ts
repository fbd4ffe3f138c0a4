/**
 * Messages between an orchestrator and its attached transcoders (docs/transcoder.md): NDJSON lines
 * on the transcoder's stream and the body of its result POST.
 */
import type { SegmentResult } from './segmentResult.ts'

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
