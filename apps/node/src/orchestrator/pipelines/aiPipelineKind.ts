/**
 * Registers `ai` sessions with the orchestrator (PLUG POINT of PipelineTypes.ts): the spec is
 * decoded with @prism/protocol and checked without loading models, each session gets an
 * {@link AiFrameProcessor} fed with decoded rgb24 frames at the spec's size by the pipeline's one
 * FrameQueue (oldest frames dropped under load, `-maxQueuedFrames`), and decoded `control`
 * messages reach its `handleControl`. With `workers`, each session's processor runs on a worker
 * thread of the kind's own {@link AiWorkerPool} (closed with the orchestrator), so inference never
 * blocks the node's event loop. The price of `ai` sessions is the node's PricePolicy (a
 * per-capability price there), never a figure of the kind's own.
 */
import { type InferenceRuntime, validateChainSpec } from '@prism/gpu'
import { decodePipelineSpec, isBaseError, type PipelineSpec } from '@prism/protocol'
import { AiFrameProcessor } from '../compute/AiFrameProcessor.ts'
import { AiWorkerPool } from '../compute/AiWorkerPool.ts'
import { AiWorkerStage } from '../compute/AiWorkerStage.ts'
import { precheckFileModels } from '../compute/precheckFileModels.ts'
import { PipelineSpecInvalidError } from '../errors.ts'
import { defineFramePipelineKind } from './defineFramePipelineKind.ts'
import type { PipelineKind } from './PipelineTypes.ts'
import type { FrameStage } from './StageTypes.ts'

/** A decoded `ai` pipeline spec. */
export type AiPipelineSpec = Extract<PipelineSpec, { kind: 'ai' }>

/** Options of {@link createAiPipelineKind}. */
export type AiPipelineKindOptions = {
  /** Runtime shared by every session (e.g. `createNodeRuntime()`, awaited lazily). */
  runtime: InferenceRuntime | Promise<InferenceRuntime>
  /** Send a `stats` control event every this many frames. Default: 30. */
  statsEveryFrames?: number
  /** Output frame rate hint for the encoder. Default: 30. */
  fps?: number
  /**
   * Run each session's chain on a worker thread (onnxruntime-node's `run` blocks the thread that
   * calls it): the threads and their idle spares. Default: none, on the main thread with `runtime`.
   */
  workers?: { spare?: number; warm?: boolean }
}

/**
 * Decodes and checks an `ai` spec.
 *
 * @throws PIPELINE_SPEC_INVALID (malformed or not `ai`), AI_CHAIN_INVALID, MODEL_UNKNOWN,
 * MODEL_SHA256_REQUIRED, MODEL_PARAM_INVALID, and for `file:` models MODEL_LOAD_FAILED,
 * MODEL_SHA256_MISMATCH, MODEL_SIGNATURE_INVALID.
 * @example
 * decodeAiPipelineSpec({ version: 1, kind: 'ai', width: 256, height: 256, stages: [{ model: 'builtin:toon' }] })
 */
export function decodeAiPipelineSpec(raw: unknown): AiPipelineSpec {
  let spec: PipelineSpec
  try {
    spec = decodePipelineSpec(raw)
  } catch (err) {
    throw new PipelineSpecInvalidError(isBaseError(err) ? err.message : String(err), err)
  }
  if (spec.kind !== 'ai') throw new PipelineSpecInvalidError(`expected kind "ai", got "${spec.kind}"`)
  validateChainSpec(spec)
  precheckFileModels(spec)
  return spec
}

/**
 * Creates the `ai` pipeline kind for `OrchestratorOptions.pipelineKinds`.
 *
 * @example
 * const runtime = createNodeRuntime()
 * new Orchestrator({ pipelineKinds: [createAiPipelineKind({ runtime })] })
 */
export function createAiPipelineKind(options: AiPipelineKindOptions): PipelineKind<AiPipelineSpec> {
  const pool = options.workers ? new AiWorkerPool({ spare: options.workers.spare ?? 1 }) : undefined
  if (options.workers?.warm) pool?.warm()
  return defineFramePipelineKind<AiPipelineSpec>({
    kind: 'ai',
    decodeSpec: decodeAiPipelineSpec,
    frameFormat: () => 'rgb24',
    frameSize: (spec) => ({ width: spec.width, height: spec.height }),
    fps: () => options.fps ?? 30,
    async createStage(spec, ctx): Promise<FrameStage> {
      ctx.sendControlEvent({ v: 1, type: 'loading' })
      try {
        const stats =
          options.statsEveryFrames !== undefined ? { statsEveryFrames: options.statsEveryFrames } : {}
        const processor = pool
          ? await AiWorkerStage.create({ pool, spec, sendControlEvent: ctx.sendControlEvent, ...stats })
          : await AiFrameProcessor.create({
              runtime: await options.runtime,
              spec,
              sendControlEvent: ctx.sendControlEvent,
              inPlace: true, // the frame pipeline hands each decoded frame over
              ...stats,
            })
        ctx.sendControlEvent({ v: 1, type: 'ready' })
        return processor
      } catch (err) {
        const code = isBaseError(err) ? err.code : 'MODEL_LOAD_FAILED'
        ctx.sendControlEvent({
          v: 1,
          type: 'error',
          code,
          message: isBaseError(err) ? err.shortMessage : String(err),
        })
        throw err
      }
    },
    describe: () => ({ kind: 'ai' }),
    close: async () => pool?.close(),
  })
}
