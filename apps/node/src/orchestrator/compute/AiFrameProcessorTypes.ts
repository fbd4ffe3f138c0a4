/**
 * Contract of the {@link AiFrameProcessor}: options (with defaults), frames and statistics.
 */
import type { ChainSpec, ChainStats, InferenceRuntime } from '@prism/gpu'
import type { ControlEvent } from '@prism/protocol'

/** A raw video frame (structurally the orchestrator's `VideoFrame`). */
export type AiFrame = {
  /** `rgb24` (packed) or `i420` (planar, BT.601 limited range). */
  format: 'rgb24' | 'i420'
  width: number
  height: number
  /** Presentation time, ms. */
  pts: number
  /** Sequence number. */
  index: number
  data: Uint8Array
}

/** Options of `AiFrameProcessor.create`. */
export type AiFrameProcessorOptions = {
  /** The runtime adapter (e.g. `await createNodeRuntime()`), shared between sessions. */
  runtime: InferenceRuntime
  /** The chain to run (an `ai` pipeline spec: width, height, stages). */
  spec: ChainSpec
  /** Sends an event on the session's `control` channel. Default: drops events. */
  sendControlEvent?: (event: ControlEvent) => void
  /** Send a `stats` event every this many output frames (0: never). Default: 30. */
  statsEveryFrames?: number
  /**
   * Format of every frame given to `processInput` (another format is refused with
   * FRAME_SIZE_INVALID). `rgb24` frames are converted to and from NCHW floats inside the chain's
   * first and last stages (onnxruntime); `i420` frames in JS. Default: `rgb24`.
   */
  frameFormat?: AiFrame['format']
  /**
   * Write each processed frame into its input frame's buffer instead of a new one: the caller
   * hands every frame over and reads its input no more (the frame pipeline does, saving an
   * allocation and its garbage collection per frame). Default: false.
   */
  inPlace?: boolean
}

/**
 * Milliseconds of the steps of one frame through the processor. For rgb24 frames the conversions
 * run inside the chain's first and last stages (counted in `infer`), and `to_tensor` and
 * `from_tensor` only measure the checks before and after it (near zero).
 */
export type AiFrameSteps = {
  /** Frame to the NCHW float tensor (I420: the JS conversion; rgb24: in-graph, in `infer`). */
  to_tensor: number
  /** The model chain, reading back its output included (rgb24: both conversions included). */
  infer: number
  /** NCHW float tensor to the output frame (I420: the JS conversion; rgb24: in `infer`). */
  from_tensor: number
}

/** Statistics of the processor (a `StageStats` for /metrics and /admin/sessions). */
export type AiFrameProcessorStats = {
  /** `ai:` followed by the stage models joined by `>`. */
  name: string
  /** Frames given to `processInput`. */
  framesIn: number
  framesOut: number
  /** Input frames dropped before the processor (its pipeline's queue was full): gaps in `index`. */
  framesDropped: number
  /** Mean milliseconds per frame (conversion and all stages). */
  meanMs: number
  /** Mean milliseconds per frame of each step. */
  stepsMeanMs: AiFrameSteps
  /** Output frames per second over the last stats interval. */
  fps: number
  /** Input frames per second over the last stats interval (dropped ones included). */
  fpsIn: number
  /** Chain statistics: provider and per-stage timings. */
  chain: ChainStats
  /** Per-model mean milliseconds (`<index>:<model>`), for /metrics. */
  substages: Array<{ name: string; meanMs: number }>
}
