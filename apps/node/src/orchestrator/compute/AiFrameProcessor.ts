/**
 * The orchestrator side of `ai` sessions: a pure frame processor (no sockets, no processes).
 * Decoded frames go in (one format per processor, `frameFormat`, at the spec's size), run through
 * the session's {@link ModelChain}, and come out as frames of the same format. rgb24 frames go to
 * onnxruntime as they are: the chain's first and last stages convert bytes to NCHW floats and back
 * inside their graphs (`io: 'rgb24'`). I420 frames are converted in JS into a preallocated NCHW
 * tensor and back. It holds no queue: its pipeline's FrameQueue (pipelines/FrameQueue.ts) hands
 * it one frame at a time and drops the oldest waiting frames when the chain falls behind; the
 * processor counts those as dropped from the gaps in `frame.index`. `update` control messages
 * change stage parameters for the next frame; `setStage` loads the new model in the background
 * (events `loading` then `ready`, or `error`) while frames keep flowing through the old chain.
 */
import {
  FrameSizeInvalidError,
  i420Size,
  i420ToNchw,
  ModelChain,
  nchwSize,
  nchwToI420,
  rgb24Size,
} from '@prism/gpu'
import type { ControlEvent, ControlMessage } from '@prism/protocol'
import { isBaseError } from '@prism/protocol/errors'
import type {
  AiFrame,
  AiFrameProcessorOptions,
  AiFrameProcessorStats,
  AiFrameSteps,
} from './AiFrameProcessorTypes.ts'
import { AiControlUnsupportedError } from './errors.ts'

const now = () => performance.now()

/**
 * Runs a model chain on raw frames.
 *
 * @example
 * const runtime = await createNodeRuntime()
 * const processor = await AiFrameProcessor.create({
 *   runtime,
 *   spec: { width: 320, height: 240, stages: [{ model: 'builtin:sepia', params: { strength: 1 } }] },
 *   sendControlEvent: (e) => channel.send(JSON.stringify(e)),
 * })
 * const [out] = await processor.processInput(frame)       // rgb24 in, rgb24 out (the default frameFormat)
 * await processor.handleControl({ v: 1, type: 'update', stage: 0, params: { strength: 0.3 } })
 * await processor.close()
 */
export class AiFrameProcessor {
  readonly width: number
  readonly height: number
  /** The format of the frames this processor takes and returns. */
  readonly frameFormat: AiFrame['format']
  readonly #chain: ModelChain
  readonly #send: (event: ControlEvent) => void
  readonly #statsEvery: number
  readonly #inPlace: boolean
  /** NCHW buffers of the I420 path (empty for rgb24, converted in-graph). */
  readonly #input: Float32Array
  readonly #output: Float32Array
  /** The frame being processed (calls never overlap: a second one waits for the first). */
  #running: Promise<unknown> = Promise.resolve()
  #lastIndex: number | undefined
  #closed = false
  #loads = new Set<Promise<void>>()
  #framesIn = 0
  #framesOut = 0
  #dropped = 0
  #totalMs = 0
  #fps = 0
  #intervalStart = now()
  #intervalFrames = 0
  #intervalIn = 0
  #fpsIn = 0
  #lastStageMs: number[] = []
  #lastSteps: AiFrameSteps = { to_tensor: 0, infer: 0, from_tensor: 0 }
  readonly #stepTotals: AiFrameSteps = { to_tensor: 0, infer: 0, from_tensor: 0 }

  private constructor(chain: ModelChain, options: AiFrameProcessorOptions) {
    this.#chain = chain
    this.width = chain.width
    this.height = chain.height
    this.frameFormat = chain.io === 'rgb24' ? 'rgb24' : 'i420'
    this.#send = options.sendControlEvent ?? (() => {})
    this.#statsEvery = options.statsEveryFrames ?? 30
    this.#inPlace = options.inPlace ?? false
    const tensorSize = this.frameFormat === 'i420' ? nchwSize(this.width, this.height) : 0
    this.#input = new Float32Array(tensorSize)
    this.#output = new Float32Array(tensorSize)
  }

  /**
   * Loads every stage of the spec and returns a ready processor.
   *
   * @throws AI_CHAIN_INVALID, MODEL_UNKNOWN, MODEL_LOAD_FAILED, MODEL_SHA256_MISMATCH,
   * MODEL_SHA256_REQUIRED, MODEL_SIGNATURE_INVALID, MODEL_PARAM_INVALID.
   */
  static async create(options: AiFrameProcessorOptions): Promise<AiFrameProcessor> {
    const io = (options.frameFormat ?? 'rgb24') === 'rgb24' ? 'rgb24' : 'nchw'
    const chain = await ModelChain.create(options.runtime, options.spec, { io })
    return new AiFrameProcessor(chain, options)
  }

  /**
   * Processes one frame and resolves with the processed frame. Frames missing between this
   * frame's `index` and the previous one's were dropped before the processor (its pipeline's
   * FrameQueue): they count in `framesDropped` and `fpsIn`, not in `framesIn`. Meant to be awaited frame by frame; a
   * call made before the previous one resolved runs after it.
   *
   * @throws FRAME_SIZE_INVALID (wrong size, or a format other than `frameFormat`),
   * AI_STAGE_FAILED, AI_CHAIN_CLOSED.
   */
  processInput(frame: AiFrame): Promise<AiFrame[]> {
    const gap = this.#lastIndex === undefined ? 0 : Math.max(0, frame.index - this.#lastIndex - 1)
    this.#lastIndex = frame.index
    this.#dropped += gap
    this.#framesIn++
    this.#intervalIn += 1 + gap
    const run = this.#running.then(async () => [await this.#process(frame)])
    this.#running = run.catch(() => {})
    return run
  }

  async #process(frame: AiFrame): Promise<AiFrame> {
    const t0 = now()
    const { width, height } = this
    if (frame.width !== width || frame.height !== height) {
      throw new FrameSizeInvalidError(
        `frame ${frame.width}x${frame.height}`,
        width * height,
        frame.width * frame.height,
      )
    }
    if (frame.format !== this.frameFormat) {
      const expected = this.frameFormat === 'rgb24' ? rgb24Size(width, height) : i420Size(width, height)
      throw new FrameSizeInvalidError(
        `${frame.format} frame (this processor takes ${this.frameFormat})`,
        expected,
        frame.data.length,
      )
    }
    // In place: the input frame was handed over and is read no more. Else a fresh buffer, not
    // zero-filled since every byte is written.
    const data = this.#inPlace ? frame.data : Buffer.allocUnsafe(frame.data.length)
    let t1: number
    let t2: number
    let stageMs: number[]
    if (frame.format === 'rgb24') {
      // the bytes go in and come out as they are: the conversions run in the first and last stages
      t1 = now()
      stageMs = (await this.#chain.runRgb24(frame.data, data)).stageMs
      t2 = now()
    } else {
      i420ToNchw(frame.data, width, height, this.#input)
      t1 = now()
      stageMs = (await this.#chain.run(this.#input, this.#output)).stageMs
      t2 = now()
      nchwToI420(this.#output, width, height, data)
    }
    const t3 = now()
    this.#framesOut++
    this.#totalMs += t3 - t0
    this.#lastStageMs = stageMs
    this.#lastSteps = { to_tensor: t1 - t0, infer: t2 - t1, from_tensor: t3 - t2 }
    this.#stepTotals.to_tensor += t1 - t0
    this.#stepTotals.infer += t2 - t1
    this.#stepTotals.from_tensor += t3 - t2
    this.#intervalFrames++
    if (this.#statsEvery > 0 && this.#intervalFrames >= this.#statsEvery) this.#sendStats()
    return { ...frame, data }
  }

  /**
   * Milliseconds of each step of the last processed frame: `to_tensor` (frame to NCHW), `infer`
   * (the model chain, read-back included) and `from_tensor` (NCHW to a new frame). For rgb24
   * frames both conversions run inside the chain's first and last stages, so they count in `infer`
   * and `to_tensor`/`from_tensor` are only the checks around it (near zero); for I420 frames they
   * are the JS conversions. The pipeline puts them in `/metrics` (`prism_frame_step_seconds`).
   */
  get lastFrameSteps(): Readonly<AiFrameSteps> {
    return this.#lastSteps
  }

  #sendStats(): void {
    const t = now()
    const seconds = (t - this.#intervalStart) / 1000
    this.#fps = seconds > 0 ? this.#intervalFrames / seconds : 0
    this.#fpsIn = seconds > 0 ? this.#intervalIn / seconds : 0
    this.#intervalStart = t
    this.#intervalFrames = 0
    this.#intervalIn = 0
    this.#send({
      v: 1,
      type: 'stats',
      fpsIn: this.#fpsIn,
      fpsOut: this.#fps,
      dropped: this.#dropped,
      stageMs: this.#lastStageMs,
    })
  }

  /**
   * Handles a message of the `control` channel, decoded by the session: `update` (parameters,
   * next frame), `setStage` (background model swap with `loading`/`ready`/`error` events).
   * `ping` is answered by the session and never reaches a stage.
   *
   * @throws AI_CONTROL_UNSUPPORTED (`setPipeline`, `ping`), MODEL_PARAM_INVALID, AI_CHAIN_INVALID
   * (no such stage), AI_CHAIN_CLOSED.
   */
  async handleControl(msg: ControlMessage): Promise<void> {
    switch (msg.type) {
      case 'update':
        this.#chain.updateParams(msg.stage, msg.params)
        return
      case 'setStage': {
        if (msg.stage >= this.#chain.stageCount) {
          this.#chain.updateParams(msg.stage, {}) // throws AI_CHAIN_INVALID
        }
        this.#send({ v: 1, type: 'loading', stage: msg.stage, model: msg.model })
        const load = this.#chain
          .setStage(msg.stage, { model: msg.model, params: msg.params, sha256: msg.sha256 })
          .then(
            () => this.#send({ v: 1, type: 'ready', stage: msg.stage, model: msg.model }),
            (err: unknown) => {
              const code = isBaseError(err) ? err.code : 'MODEL_LOAD_FAILED'
              const message = isBaseError(err) ? err.shortMessage : String(err)
              if (!this.#closed) this.#send({ v: 1, type: 'error', code, message })
            },
          )
        this.#loads.add(load)
        void load.finally(() => this.#loads.delete(load))
        return
      }
      default:
        throw new AiControlUnsupportedError(msg.type)
    }
  }

  /** Resolves when every background model load started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.#loads])
  }

  /** The model of each stage, in order. */
  get models(): string[] {
    return this.#chain.models
  }

  /** Statistics for /metrics. */
  toJSON(): AiFrameProcessorStats {
    const chain = this.#chain.toJSON()
    return {
      name: `ai:${this.#chain.models.join('>')}`,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut,
      framesDropped: this.#dropped,
      meanMs: this.#framesOut ? this.#totalMs / this.#framesOut : 0,
      stepsMeanMs: {
        to_tensor: this.#framesOut ? this.#stepTotals.to_tensor / this.#framesOut : 0,
        infer: this.#framesOut ? this.#stepTotals.infer / this.#framesOut : 0,
        from_tensor: this.#framesOut ? this.#stepTotals.from_tensor / this.#framesOut : 0,
      },
      fps: this.#fps,
      fpsIn: this.#fpsIn,
      chain,
      substages: chain.stages.map((st) => ({ name: `${st.stage}:${st.model}`, meanMs: st.meanMs })),
    }
  }

  /** Waits for the frame being processed and background loads, then releases the chain. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#running
    await this.settled()
    await this.#chain.close()
  }
}
