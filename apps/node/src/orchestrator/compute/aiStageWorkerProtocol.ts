/**
 * Messages between an {@link AiWorkerStage} (the session's side) and its worker thread
 * (`aiStageWorker.ts`), which runs an `AiFrameProcessor`. A worker starts idle (modules and
 * onnxruntime loaded: `idle`), takes one chain at a time (`create`, answered `ready` or
 * `failed`), and is idle again after `close`. Frames travel with their pixel buffer transferred,
 * not copied. Every request with an id is answered by exactly one `done` or `error`.
 */
import type { ChainSpec } from '@prism/gpu'
import type { NodeProvider } from '@prism/gpu/node'
import type { ControlEvent, ControlMessage } from '@prism/protocol'
import type { AiFrame, AiFrameProcessorStats, AiFrameSteps } from './AiFrameProcessorTypes.ts'

/** What the worker is started with (`workerData`). */
export type AiStageWorkerData = {
  /** Execution providers for the worker's own onnxruntime runtime. Default: cuda, tensorrt, cpu. */
  providers?: readonly NodeProvider[]
}

/** A request from the session to the worker. */
export type AiStageRequest =
  | { id: number; type: 'create'; spec: ChainSpec; statsEveryFrames?: number }
  | { id: number; type: 'frame'; frame: AiFrame }
  | { id: number; type: 'control'; message: ControlMessage }
  | { id: number; type: 'close' }

/** An error as it crosses the thread boundary (a BaseError's fields when it was one). */
export type AiStageWireError = { code?: string; shortMessage: string; details?: string; httpStatus?: number }

/** A message from the worker to the session. */
export type AiStageReply =
  | { type: 'idle' }
  | { type: 'failed'; error: AiStageWireError }
  | { type: 'event'; event: ControlEvent }
  | { type: 'log'; line: string }
  | {
      type: 'done'
      id: number
      /** Frames of a `frame` request. */
      frames?: AiFrame[]
      steps?: AiFrameSteps
      stats?: AiFrameProcessorStats
    }
  | { type: 'error'; id: number; error: AiStageWireError }
