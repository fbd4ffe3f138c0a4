/**
 * An `ai` session's frame stage on a worker thread of the {@link AiWorkerPool}. onnxruntime-node's
 * `run` blocks the thread that calls it for the whole inference, so with the chain on the node's
 * main thread every AI frame stalled the event loop (WebRTC packets, HTTP, every other session)
 * and two sessions never inferred at the same time. Here the session's `AiFrameProcessor` (its
 * chain and the frame conversions) runs on a pooled thread; frames cross with their pixel buffers
 * transferred, not copied. Same contract as the in-process processor: one frame at a time,
 * control messages in order with frames, statistics, close (the thread goes back to the pool).
 */
import type { ChainSpec } from '@prism/gpu'
import type { ControlEvent, ControlMessage } from '@prism/protocol'
import type { VideoFrame } from '../../media/VideoFrame.ts'
import type { FrameStage, StageStats } from '../pipelines/StageTypes.ts'
import type { AiFrame, AiFrameProcessorStats, AiFrameSteps } from './AiFrameProcessorTypes.ts'
import type { AiWorkerPool } from './AiWorkerPool.ts'
import type { AiWorkerThread } from './AiWorkerThread.ts'

/** Options of {@link AiWorkerStage.create}. */
export type AiWorkerStageOptions = {
  /** The pool the stage borrows its thread from. */
  pool: AiWorkerPool
  /** The chain (an `ai` pipeline spec: width, height, stages). */
  spec: ChainSpec
  /** Sends an event on the session's `control` channel (loading, ready, stats, error). */
  sendControlEvent?: (event: ControlEvent) => void
  /** Send a `stats` event every this many output frames (0: never). Default: 30. */
  statsEveryFrames?: number
}

/** The frame's pixels in a buffer of their own (transferable without taking anything else along). */
function ownBuffer(d: Uint8Array): ArrayBuffer {
  if (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.buffer instanceof ArrayBuffer)
    return d.buffer
  return d.slice().buffer as ArrayBuffer
}

/**
 * Runs an `ai` chain on a pooled worker thread.
 *
 * @example
 * const stage = await AiWorkerStage.create({ pool, spec, sendControlEvent: (e) => channel.send(JSON.stringify(e)) })
 * const [out] = await stage.processInput(frame) // rgb24 in, rgb24 out; frame.data is handed over
 * await stage.handleControl({ v: 1, type: 'update', stage: 0, params: { strength: 0.3 } })
 * await stage.close()
 */
export class AiWorkerStage implements FrameStage {
  readonly #pool: AiWorkerPool
  readonly #thread: AiWorkerThread
  #stats: AiFrameProcessorStats
  #steps: AiFrameSteps = { to_tensor: 0, infer: 0, from_tensor: 0 }
  #closing: Promise<void> | undefined

  private constructor(pool: AiWorkerPool, thread: AiWorkerThread, stats: AiFrameProcessorStats) {
    this.#pool = pool
    this.#thread = thread
    this.#stats = stats
  }

  /**
   * Borrows a thread and loads the chain there; resolves once it can take frames.
   *
   * @throws the chain's errors with their codes, as the in-process processor throws them
   * (AI_CHAIN_INVALID, MODEL_UNKNOWN, MODEL_LOAD_FAILED, …), or AI_WORKER_EXITED.
   */
  static async create(options: AiWorkerStageOptions): Promise<AiWorkerStage> {
    const thread = await options.pool.take()
    thread.onEvent = options.sendControlEvent
    try {
      const done = await thread.request({
        type: 'create',
        spec: options.spec,
        ...(options.statsEveryFrames !== undefined ? { statsEveryFrames: options.statsEveryFrames } : {}),
      })
      return new AiWorkerStage(options.pool, thread, done.stats!)
    } catch (err) {
      options.pool.release(thread)
      throw err
    }
  }

  /**
   * Processes one frame on the thread. The frame's pixel buffer is handed over (transferred): the
   * caller reads it no more. Resolves with the processed frame, at the same size and format.
   *
   * @throws FRAME_SIZE_INVALID, AI_STAGE_FAILED, AI_CHAIN_CLOSED, AI_WORKER_EXITED.
   */
  async processInput(frame: VideoFrame): Promise<VideoFrame[]> {
    const buffer = ownBuffer(frame.data)
    const sent: AiFrame = { ...frame, data: new Uint8Array(buffer) }
    const done = await this.#thread.request({ type: 'frame', frame: sent }, [buffer])
    if (done.stats) this.#stats = done.stats
    if (done.steps) this.#steps = done.steps
    return (done.frames ?? []).map((f) => ({
      ...f,
      data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
    }))
  }

  /** Milliseconds of the steps of the frame last processed (`to_tensor`, `infer`, `from_tensor`). */
  get lastFrameSteps(): Readonly<AiFrameSteps> {
    return this.#steps
  }

  /**
   * Handles a decoded `control` message on the thread, in order with the frames: `update` (next
   * frame), `setStage` (background load, `loading` then `ready` or `error` events).
   *
   * @throws AI_CONTROL_UNSUPPORTED, MODEL_PARAM_INVALID, AI_CHAIN_INVALID, AI_WORKER_EXITED.
   */
  async handleControl(message: ControlMessage): Promise<void> {
    const done = await this.#thread.request({ type: 'control', message })
    if (done.stats) this.#stats = done.stats
  }

  /** Statistics for /metrics, as of the last frame or control message. */
  toJSON(): StageStats & AiFrameProcessorStats {
    return this.#stats
  }

  /** Closes the chain (waiting for its frame and model loads) and gives the thread back. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#thread
      .request({ type: 'close' })
      .catch(() => undefined)
      .then(() => this.#pool.release(this.#thread))
    return this.#closing
  }
}
