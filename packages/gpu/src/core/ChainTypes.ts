/**
 * Contract of model chains: the spec they are built from, per-run results and stats.
 * The spec is structurally the `ai` pipeline spec of @prism/protocol (width, height, stages).
 */
import type { ModelParamSpec } from '../onnx/BuiltinModelTypes.ts'

/** Parameter values of a stage, as they arrive in a pipeline spec or an `update` message. */
export type StageParams = Readonly<Record<string, number | boolean | string>>

/** Declared pixel range of an external model. */
export type StageRange = readonly [number, number] | '0-1' | '0-255' | '-1-1'

/** One stage of a chain. */
export type StageSpec = {
  /** `builtin:<id>`, `file:<path>` (node only) or `url:<https…>`. */
  model: string
  /**
   * Values of the model's scalar parameter inputs; missing ones take their defaults. Only numbers
   * are accepted (booleans and strings are refused with MODEL_PARAM_INVALID).
   */
  params?: StageParams | undefined
  /** Lowercase hex sha256 of the model bytes: required for `url:`, checked when given. */
  sha256?: string | undefined
  /**
   * Pixel range an external model expects and returns: `[lo, hi]` or the protocol's strings
   * `'0-1'`, `'0-255'`, `'-1-1'`. Default: [0, 1].
   */
  range?: StageRange | undefined
}

/** A chain: a frame size and stages run in order. */
export type ChainSpec = {
  /** Frame width in pixels. */
  width: number
  /** Frame height in pixels. */
  height: number
  /** Stages, first to last. */
  stages: readonly StageSpec[]
}

/** Per-stage statistics (for /metrics). */
export type StageStats = {
  /** Stage index. */
  stage: number
  /** Model reference. */
  model: string
  /** Current parameter values. */
  params: Record<string, number>
  /** Runs since the stage was loaded. */
  runs: number
  /** Duration of the last run, ms. */
  lastMs: number
  /** Mean run duration, ms. */
  meanMs: number
}

/** Chain statistics (for /metrics). */
export type ChainStats = {
  /** Runtime and execution provider. */
  provider: string
  /** Completed chain runs. */
  runs: number
  /** Duration of the last complete run, ms. */
  lastMs: number
  /** Mean duration of a complete run, ms. */
  meanMs: number
  stages: StageStats[]
}

/** Result of one chain run. */
export type ChainRunResult = {
  /** Milliseconds spent in each stage, in order. */
  stageMs: number[]
  /** Milliseconds for the whole run (including reading the result). */
  totalMs: number
}

/** A loaded model ready to run as a stage. */
export type LoadedModelInfo = {
  /** The model reference from the spec. */
  model: string
  /** Name of the image input fed by the chain. */
  imageInput: string
  /** Name of the image output read by the chain. */
  imageOutput: string
  /** Scalar parameter inputs (empty for external models). */
  params: readonly ModelParamSpec[]
}
