/**
 * Dishonest `ai` pipeline kinds for the verification browser tests (webNode.ts serves one instead
 * of the honest kind): a node that returns stale frames, and one that computes and returns a
 * smaller picture than asked. Both run the chain the gateway asked for, so only what they return gives them away.
 */
import type { InferenceRuntime } from '@prism/gpu'
import {
  type AiFrame,
  AiFrameProcessor,
  type AiPipelineSpec,
  decodeAiPipelineSpec,
  defineFramePipelineKind,
} from '@prism/node'

type Stage = {
  processInput(frame: AiFrame): Promise<Uint8Array>
  processor: AiFrameProcessor
}

function dishonestKind(
  runtime: InferenceRuntime | Promise<InferenceRuntime>,
  create: (
    spec: AiPipelineSpec,
    processor: (spec: AiPipelineSpec) => Promise<AiFrameProcessor>,
  ) => Promise<Stage>,
  frameSize: (spec: AiPipelineSpec) => { width: number; height: number } = (spec) => ({
    width: spec.width,
    height: spec.height,
  }),
) {
  return defineFramePipelineKind<AiPipelineSpec>({
    kind: 'ai',
    decodeSpec: decodeAiPipelineSpec,
    frameFormat: () => 'rgb24',
    frameSize,
    fps: () => 30,
    async createStage(spec, ctx) {
      ctx.sendControlEvent({ v: 1, type: 'loading' })
      const stage = await create(spec, async (s) =>
        AiFrameProcessor.create({ runtime: await runtime, spec: s, sendControlEvent: ctx.sendControlEvent }),
      )
      ctx.sendControlEvent({ v: 1, type: 'ready' })
      return {
        async processInput(frame) {
          const data = await stage.processInput(frame as AiFrame)
          const { width, height } = frameSize(spec)
          return [{ ...frame, width, height, data: Buffer.from(data) }]
        },
        toJSON: () => stage.processor.toJSON(),
        handleControl: (m) => stage.processor.handleControl(m),
        close: () => stage.processor.close(),
      }
    },
    describe: () => ({ kind: 'ai' }),
  })
}

/**
 * Returns the output of an older frame under the newest frame's label (timestamp), as a node
 * would that computes only now and then and repeats itself.
 * @param runtime the node's inference runtime.
 * @param staleBy how many frames old each returned picture is.
 */
export function staleAiKind(runtime: InferenceRuntime | Promise<InferenceRuntime>, staleBy: number) {
  return dishonestKind(runtime, async (spec, make) => {
    const processor = await make(spec)
    const done: Uint8Array[] = []
    return {
      processor,
      async processInput(frame) {
        const [out] = await processor.processInput(frame)
        done.push(new Uint8Array(out!.data))
        return done.length > staleBy ? (done.shift() as Uint8Array) : done[0]!
      },
    }
  })
}

/**
 * Computes the chain at half the width and height (a quarter of the work) and returns that
 * smaller picture, as a node would that saves compute and bandwidth on every stream.
 * @param runtime the node's inference runtime.
 */
export function lowResolutionAiKind(runtime: InferenceRuntime | Promise<InferenceRuntime>) {
  const half = (spec: AiPipelineSpec) => ({
    width: Math.max(2, (spec.width >> 2) << 1),
    height: Math.max(2, (spec.height >> 2) << 1),
  })
  return dishonestKind(
    runtime,
    async (spec, make) => {
      const processor = await make({ ...spec, ...half(spec) })
      return {
        processor,
        async processInput(frame) {
          const [out] = await processor.processInput(frame)
          return out!.data
        },
      }
    },
    half,
  )
}
