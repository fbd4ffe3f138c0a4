/**
 * Runs N model stages in order on NCHW float32 frames, or on rgb24 frames (`io: 'rgb24'`: the
 * first stage's model converts the frame's bytes to NCHW floats and the last one converts back to
 * bytes, inside onnxruntime; see onnx/rgb24Io.ts). The tensor a stage returns is fed to the next
 * stage as is (no copy back to a plain array; on WebGPU it stays a GPU buffer); only the last
 * stage's output is read back, into the caller's buffer. Parameter updates apply on the next run;
 * a stage swap loads the new model in the background and replaces the old stage when ready.
 */
import type {
  ChainRunResult,
  ChainSpec,
  ChainStats,
  StageParams,
  StageSpec,
  StageStats,
} from './ChainTypes.ts'
import { now } from './clock.ts'
import {
  AiChainClosedError,
  AiChainInvalidError,
  AiStageFailedError,
  FrameSizeInvalidError,
} from './errors.ts'
import { type LoadedModel, type LoadModelParameters, loadModel } from './loadModel.ts'
import type { InferenceRuntime, TensorHandle } from './RuntimeTypes.ts'
import type { ChainLimits } from './validateChainSpec.ts'
import { resolveParams, validateChainSpec } from './validateChainSpec.ts'

/**
 * What a chain takes and returns: `nchw` float32 tensors in [0, 1] ({@link ModelChain.run}), or
 * `rgb24` frame bytes converted inside the first and last stages ({@link ModelChain.runRgb24}).
 */
export type ChainIo = 'nchw' | 'rgb24'

/** Options of {@link ModelChain.create}. */
export type ModelChainOptions = ChainLimits & {
  /** What the chain takes and returns. Default: `nchw`. */
  io?: ChainIo
}

type Stage = {
  loaded: LoadedModel
  values: Record<string, number>
  feeds: Record<string, TensorHandle>
  runs: number
  lastMs: number
  totalMs: number
}

/**
 * A chain of loaded models bound to one runtime and one frame size.
 *
 * @example
 * const chain = await ModelChain.create(runtime, {
 *   width: 256, height: 256,
 *   stages: [{ model: 'builtin:sepia', params: { strength: 1 } }, { model: 'builtin:blur' }],
 * })
 * const input = new Float32Array(3 * 256 * 256)
 * const output = new Float32Array(3 * 256 * 256)
 * const { stageMs } = await chain.run(input, output)
 * chain.updateParams(1, { radius: 4 }) // next run blurs more
 * await chain.close()
 */
export class ModelChain {
  readonly width: number
  readonly height: number
  /** What the chain takes and returns. */
  readonly io: ChainIo
  private readonly runtime: InferenceRuntime
  private stages: Stage[]
  private tail: Promise<unknown> = Promise.resolve()
  private closed = false
  private runs = 0
  private lastMs = 0
  private totalMs = 0
  private inputBuffer: Float32Array | Uint8Array | undefined
  private inputTensor: TensorHandle | undefined
  private readonly dims: readonly number[]

  private constructor(
    runtime: InferenceRuntime,
    width: number,
    height: number,
    io: ChainIo,
    stages: Stage[],
  ) {
    this.runtime = runtime
    this.width = width
    this.height = height
    this.io = io
    this.stages = stages
    this.dims = io === 'rgb24' ? [1, height, width, 3] : [1, 3, height, width]
  }

  /**
   * Validates a spec, loads every stage (in parallel) and returns the chain.
   *
   * @throws every code of {@link validateChainSpec} and of {@link loadModel}.
   */
  static async create(
    runtime: InferenceRuntime,
    spec: ChainSpec,
    options: ModelChainOptions = {},
  ): Promise<ModelChain> {
    validateChainSpec(spec, options)
    const io = options.io ?? 'nchw'
    const count = spec.stages.length
    const results = await Promise.allSettled(
      spec.stages.map((stage, i) =>
        ModelChain.loadStage(runtime, stage, spec.width, spec.height, rgb24Ends(io, i, count)),
      ),
    )
    const failed = results.find((r) => r.status === 'rejected')
    if (failed) {
      await Promise.all(
        results.map((r) => (r.status === 'fulfilled' ? r.value.loaded.session.release() : undefined)),
      )
      throw (failed as PromiseRejectedResult).reason
    }
    const stages = results.map((r) => (r as PromiseFulfilledResult<Stage>).value)
    return new ModelChain(runtime, spec.width, spec.height, io, stages)
  }

  private static async loadStage(
    runtime: InferenceRuntime,
    spec: StageSpec,
    width: number,
    height: number,
    rgb24: LoadModelParameters['rgb24'],
  ): Promise<Stage> {
    const loaded = await loadModel({ runtime, stage: spec, width, height, ...(rgb24 ? { rgb24 } : {}) })
    try {
      const values = resolveParams(loaded.model, loaded.params, {}, spec.params ?? {})
      return { loaded, values, feeds: paramFeeds(runtime, values), runs: 0, lastMs: 0, totalMs: 0 }
    } catch (err) {
      await loaded.session.release()
      throw err
    }
  }

  /** Number of stages. */
  get stageCount(): number {
    return this.stages.length
  }

  /** The model reference of each stage, in order. */
  get models(): string[] {
    return this.stages.map((s) => s.loaded.model)
  }

  /**
   * Runs every stage on `input` and writes the last stage's output into `output`. Calls are
   * serialised: a call made while another runs waits for it.
   *
   * @param input NCHW float32 frame in [0, 1], `3 * width * height` long.
   * @param output Buffer of the same length receiving the result.
   * @throws FRAME_SIZE_INVALID, AI_STAGE_FAILED, AI_CHAIN_CLOSED, AI_CHAIN_INVALID (an `rgb24`
   * chain: use {@link runRgb24}).
   */
  run(input: Float32Array, output: Float32Array): Promise<ChainRunResult> {
    return this.enqueue('nchw', input, output)
  }

  /**
   * Runs every stage on an rgb24 frame (packed RGBRGB…) and writes the resulting rgb24 bytes into
   * `output`, for a chain created with `io: 'rgb24'`: the conversions to and from NCHW floats run
   * inside the first and last stages (bytes equal to `rgb24ToNchw` -> {@link run} ->
   * `nchwToRgb24`, or one level apart where float32 rounding meets a half-way point). `output`
   * may be `input` (the frame is read before the result is written). Calls are serialised.
   *
   * @param input rgb24 frame, `3 * width * height` bytes.
   * @param output Buffer of the same length receiving the result.
   * @throws FRAME_SIZE_INVALID, AI_STAGE_FAILED, AI_CHAIN_CLOSED, AI_CHAIN_INVALID (an `nchw`
   * chain: use {@link run}).
   */
  runRgb24(input: Uint8Array, output: Uint8Array): Promise<ChainRunResult> {
    return this.enqueue('rgb24', input, output)
  }

  private enqueue(
    io: ChainIo,
    input: Float32Array | Uint8Array,
    output: Float32Array | Uint8Array,
  ): Promise<ChainRunResult> {
    const next = this.tail.then(() => this.runNow(io, input, output))
    this.tail = next.catch(() => undefined)
    return next
  }

  private async runNow(
    io: ChainIo,
    input: Float32Array | Uint8Array,
    output: Float32Array | Uint8Array,
  ): Promise<ChainRunResult> {
    if (this.closed) throw new AiChainClosedError()
    if (io !== this.io) {
      const method = this.io === 'rgb24' ? 'runRgb24' : 'run'
      throw new AiChainInvalidError(`this chain takes ${this.io} frames: call ${method}`)
    }
    const size = 3 * this.width * this.height
    const what = io === 'rgb24' ? 'rgb24 frame' : 'chain'
    if (input.length !== size) throw new FrameSizeInvalidError(`${what} input`, size, input.length)
    if (output.length !== size) throw new FrameSizeInvalidError(`${what} output`, size, output.length)
    if (this.inputBuffer !== input || !this.inputTensor) {
      this.inputTensor?.dispose()
      this.inputBuffer = input
      this.inputTensor = this.runtime.createTensor(input, this.dims)
    }
    const start = now()
    const stageMs: number[] = []
    let current: TensorHandle = this.inputTensor
    const stages = this.stages
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i]!
      const t0 = now()
      let result: Record<string, TensorHandle>
      try {
        result = await stage.loaded.session.run({ ...stage.feeds, [stage.loaded.imageInput]: current })
      } catch (cause) {
        if (current !== this.inputTensor) current.dispose()
        throw new AiStageFailedError(i, stage.loaded.model, cause)
      }
      if (current !== this.inputTensor) current.dispose()
      for (const [name, t] of Object.entries(result)) if (name !== stage.loaded.imageOutput) t.dispose()
      current = result[stage.loaded.imageOutput]!
      const ms = now() - t0
      stage.runs++
      stage.lastMs = ms
      stage.totalMs += ms
      stageMs.push(ms)
    }
    try {
      const data = await this.runtime.readTensor(current)
      if (data.length !== size) throw new FrameSizeInvalidError('last stage output', size, data.length)
      if (data instanceof Uint8Array !== output instanceof Uint8Array) {
        const last = stages.length - 1
        const cause = new TypeError(
          `last stage output is ${current.type}, expected ${io === 'rgb24' ? 'uint8' : 'float32'}`,
        )
        throw new AiStageFailedError(last, stages[last]!.loaded.model, cause)
      }
      output.set(data)
    } finally {
      if (current !== this.inputTensor) current.dispose()
    }
    const totalMs = now() - start
    this.runs++
    this.lastMs = totalMs
    this.totalMs += totalMs
    return { stageMs, totalMs }
  }

  /**
   * Changes parameters of one stage; the next run uses them. Unspecified parameters keep their
   * current values.
   *
   * @throws AI_CHAIN_INVALID (no such stage), MODEL_PARAM_INVALID, AI_CHAIN_CLOSED.
   */
  updateParams(stage: number, params: StageParams): void {
    if (this.closed) throw new AiChainClosedError()
    const target = this.stageAt(stage)
    const values = resolveParams(target.loaded.model, target.loaded.params, target.values, params)
    target.values = values
    target.feeds = paramFeeds(this.runtime, values)
  }

  /**
   * Loads a new model for a stage in the background and swaps it in when ready; runs continue
   * on the old stage meanwhile. The old session is released after the run in flight finishes.
   *
   * @throws AI_CHAIN_INVALID (no such stage), every code of {@link loadModel},
   * MODEL_PARAM_INVALID, AI_CHAIN_CLOSED.
   */
  async setStage(stage: number, spec: StageSpec): Promise<void> {
    if (this.closed) throw new AiChainClosedError()
    this.stageAt(stage)
    const ends = rgb24Ends(this.io, stage, this.stages.length)
    const fresh = await ModelChain.loadStage(this.runtime, spec, this.width, this.height, ends)
    if (this.closed) {
      await fresh.loaded.session.release()
      throw new AiChainClosedError()
    }
    const old = this.stages[stage]!
    const stages = [...this.stages]
    stages[stage] = fresh
    this.stages = stages
    await this.tail
    await old.loaded.session.release()
  }

  private stageAt(stage: number): Stage {
    const s = Number.isInteger(stage) ? this.stages[stage] : undefined
    if (!s) throw new AiChainInvalidError(`stage ${stage} does not exist (chain has ${this.stages.length})`)
    return s
  }

  /** Statistics for /metrics. */
  toJSON(): ChainStats {
    return {
      provider: `${this.runtime.info.runtime}/${this.runtime.info.provider}`,
      runs: this.runs,
      lastMs: this.lastMs,
      meanMs: this.runs ? this.totalMs / this.runs : 0,
      stages: this.stages.map(
        (s, stage): StageStats => ({
          stage,
          model: s.loaded.model,
          params: { ...s.values },
          runs: s.runs,
          lastMs: s.lastMs,
          meanMs: s.runs ? s.totalMs / s.runs : 0,
        }),
      ),
    }
  }

  /** Waits for the run in flight, then releases every session. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.tail
    this.inputTensor?.dispose()
    this.inputTensor = undefined
    await Promise.all(this.stages.map((s) => s.loaded.session.release()))
  }
}

/** Which ends of stage `index` (of `count`) convert rgb24 bytes in-graph, for a chain's `io`. */
function rgb24Ends(io: ChainIo, index: number, count: number): LoadModelParameters['rgb24'] {
  if (io !== 'rgb24') return undefined
  return { input: index === 0, output: index === count - 1 }
}

function paramFeeds(runtime: InferenceRuntime, values: Record<string, number>): Record<string, TensorHandle> {
  const feeds: Record<string, TensorHandle> = {}
  for (const [name, value] of Object.entries(values))
    feeds[name] = runtime.createTensor(Float32Array.of(value), [])
  return feeds
}
