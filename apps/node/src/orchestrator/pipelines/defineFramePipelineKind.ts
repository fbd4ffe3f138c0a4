/**
 * Turns a frame-stage definition (the AI plug point) into a pipeline kind: decode with ffmpeg,
 * run the stage, encode the result and send it back over WebRTC.
 */

import type { ControlMessage } from '@prism/protocol'
import { FramePipeline } from './FramePipeline.ts'
import type { FramePipelineKindDefinition, PipelineKind } from './PipelineTypes.ts'
import type { FrameStage } from './StageTypes.ts'

/** A stage that forwards to a stage created asynchronously, counting frames until it exists. */
class LazyStage implements FrameStage {
  #stage: FrameStage | undefined
  #error: unknown
  readonly #pending: Promise<FrameStage | undefined>
  constructor(
    private readonly kind: string,
    pending: Promise<FrameStage>,
  ) {
    this.#pending = pending.then(
      (s) => {
        this.#stage = s
        return s
      },
      (err: unknown) => {
        this.#error = err
        return undefined
      },
    )
  }
  /** Frames that arrive before the stage exists are not output (the stream starts when it is ready). */
  processInput(frame: Parameters<FrameStage['processInput']>[0]) {
    if (this.#error) throw this.#error
    return this.#stage ? this.#stage.processInput(frame) : []
  }
  /** The created stage's step timings of its last frame (none before it exists). */
  get lastFrameSteps() {
    return this.#stage?.lastFrameSteps
  }
  toJSON() {
    return this.#stage?.toJSON() ?? { name: this.kind, framesIn: 0, framesOut: 0, meanMs: 0 }
  }
  /** Control messages wait for the stage to be created, so none is lost while it loads. */
  async handleControl(message: ControlMessage) {
    const stage = await this.#pending
    return stage?.handleControl?.(message)
  }
  /** Closes the stage, also one still being created. */
  async close() {
    const stage = await this.#pending
    return stage?.close?.()
  }
}

/**
 * Registers a kind whose work is a {@link FrameStage} on decoded frames.
 *
 * @example
 * const ai = defineFramePipelineKind({ kind: 'ai', decodeSpec, frameFormat: () => 'rgb24',
 *   frameSize: (s) => ({ width: s.width, height: s.height }), createStage, describe: () => ({ kind: 'ai' }) })
 * new Orchestrator({ pipelineKinds: [ai] })
 */
export function defineFramePipelineKind<Spec>(def: FramePipelineKindDefinition<Spec>): PipelineKind<Spec> {
  return {
    kind: def.kind,
    decodeSpec: (raw) => def.decodeSpec(raw),
    create(spec, ctx) {
      const { width, height } = def.frameSize(spec)
      const created = def.createStage(spec, {
        sessionId: ctx.sessionId,
        streamId: ctx.streamId,
        sendControlEvent: ctx.sendControlEvent,
      })
      const stage = created instanceof Promise ? new LazyStage(def.kind, created) : created
      const fps = def.fps?.(spec) ?? 30
      return new FramePipeline({
        kind: def.kind,
        ctx,
        format: def.frameFormat(spec),
        width,
        height,
        fps,
        stage,
        returnOutput: {
          name: def.kind,
          width,
          height,
          kbps: Math.max(300, Math.round((width * height * fps) / 10_000)),
          counted: true,
        },
      })
    },
    describe: () => def.describe(),
    ...(def.close ? { close: () => def.close!() } : {}),
  }
}
