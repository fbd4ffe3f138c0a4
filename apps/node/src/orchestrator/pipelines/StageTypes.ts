/**
 * Contract of a frame stage (docs/architecture.md "Stages"): a pure processor of raw frames. A stage owns no
 * processes or sockets; its pipeline decodes before it and encodes after it.
 *
 * PLUG POINT (AI, issue 6): a pipeline kind registered with {@link defineFramePipelineKind} gets a
 * `FrameStage` per session; it receives decoded frames (`rgb24` or `i420`, at the size its kind
 * asked for) and returns processed frames of the same format and size.
 */
import type { ControlMessage } from '@prism/protocol'
import type { VideoFrame } from '../../media/VideoFrame.ts'

/** Statistics every stage reports (feeds `/metrics` and `/admin/sessions`). */
export type StageStats = {
  /** Stage name, e.g. `builtin:toon`. */
  name: string
  /** Frames given to `processInput`. */
  framesIn: number
  /** Frames returned. */
  framesOut: number
  /** Mean processing time per frame, milliseconds. */
  meanMs: number
  /** Output frames per second, when the stage measures it. */
  fps?: number
  /** Steps inside the stage (e.g. each model of an ai chain), exported to /metrics one by one. */
  substages?: Array<{ name: string; meanMs: number }>
  /** Extra numbers (per-model timings, …). */
  [extra: string]: unknown
}

/**
 * One frame-processing step.
 *
 * @example
 * const invert: FrameStage = {
 *   processInput: (f) => [{ ...f, data: f.data.map((v) => 255 - v) }],
 *   toJSON: () => ({ name: 'invert', framesIn: 0, framesOut: 0, meanMs: 0 }),
 * }
 */
export interface FrameStage {
  /**
   * Processes one frame; returns zero (drop), one or more frames of the same format and size.
   * Calls never overlap: the pipeline's FrameQueue awaits each one and, while it runs, keeps only
   * the newest frames (so `frame.index` may skip the dropped ones).
   */
  processInput(frame: VideoFrame): VideoFrame[] | Promise<VideoFrame[]>
  /** Current statistics. */
  toJSON(): StageStats
  /**
   * Milliseconds of the steps of the frame last processed (e.g. `to_tensor`, `infer`,
   * `from_tensor`), read by the pipeline right after `processInput` for `/metrics`. Optional.
   */
  readonly lastFrameSteps?: Readonly<Record<string, number>> | undefined
  /**
   * Handles a message received on the session's `control` data channel, decoded by the session
   * with `decodeControlMessage` (@prism/protocol): `update`, `setStage` or `setPipeline` (`ping`
   * is answered by the session and never reaches a stage). Messages that arrive while an async
   * `createStage` is still running wait for it. Optional.
   * Throwing a BaseError sends `{ type: 'error', code, message }` back to the gateway.
   */
  handleControl?(message: ControlMessage): void | Promise<void>
  /** Releases resources (model sessions). Called once when the pipeline closes. */
  close?(): void | Promise<void>
}
