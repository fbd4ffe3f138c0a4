/**
 * Contract of a Session: one gateway stream (peer connection, data channels, pipeline).
 *
 * PLUG POINT (payments, issue 5): a payments manager sees sessions through this surface:
 * `id`, `streamId`, `sender` / `setSender(address)`, `expectedPixelsPerSecond`,
 * `sendPaymentEvent(event)`, `sendControlEvent(event)`, `setOutputPaused(paused, reason)`,
 * `outputPaused`, `close(reason)` and the events `outputpixels` and `close`.
 */
import type { OutputPixels, PipelineStats } from '../pipelines/PipelineTypes.ts'

/** Events of a session. */
export type SessionEvents = {
  /** Output pixels encoded by the pipeline (per rendition report). */
  outputpixels: [report: OutputPixels]
  /** A message arrived on the `payment` data channel (JSON text or protobuf bytes). */
  paymentmessage: [message: string | Uint8Array]
  /** The peer connection (ICE and DTLS) became connected. */
  connected: []
  /** Output was paused or resumed. */
  outputpaused: [paused: boolean, reason: string]
  /** An RTP packet of the output sent back to the gateway (WHEP viewers watch it too). */
  outputrtp: [packet: Buffer]
  /** The session closed; `reason` says why (`deleted`, `peer failed`, `pipeline error: CODE`, …). */
  close: [reason: string]
  /** Private: tells the parent to drop the session from its maps. */
  '@close': []
  listenererror: [event: string, error: unknown]
}

/** Events of `session.observer` (monitoring: metrics, admin). */
export type SessionObserverEvents = {
  close: [stats: SessionStats]
  framedropped: [reason: 'queue' | 'paused']
  /** Milliseconds of one frame's steps in the pipeline (decode, queue, stage steps, encode). */
  framesteps: [kind: string, steps: Readonly<Record<string, number>>]
  outputpixels: [report: OutputPixels]
  listenererror: [event: string, error: unknown]
}

/** Snapshot of a session, as listed by `/admin/sessions`. */
export type SessionStats = {
  id: string
  streamId: string
  sender?: string
  createdAt: string
  codec: 'H264' | 'VP8'
  connectionState: string
  outputPaused: boolean
  pausedReason?: string
  pipeline: PipelineStats
}
