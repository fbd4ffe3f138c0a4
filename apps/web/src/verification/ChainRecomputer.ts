import { type InferenceRuntime, ModelChain, nchwSize, nchwToRgb24, rgb24ToNchw } from '@prism/gpu'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import type { CapturedFrame } from './captureFrame.ts'

type AiSpec = Extract<WebPipelineSpec, { kind: 'ai' }>

/**
 * Recomputes an AI chain locally (with @prism/gpu's ModelChain on a browser runtime), keeping the
 * loaded chain while the models and size stay the same and updating its parameters in place.
 *
 * @example
 * const r = new ChainRecomputer(runtime)
 * const rgb = await r.recompute(frame, spec)
 */
export class ChainRecomputer {
  readonly runtime: InferenceRuntime
  #chain: ModelChain | undefined
  #key = ''
  #input = new Float32Array(0)
  #output = new Float32Array(0)
  #rgb = new Uint8Array(0)

  constructor(runtime: InferenceRuntime) {
    this.runtime = runtime
  }

  /**
   * Runs the chain of `spec` on `frame` (RGB24 at spec size).
   * @returns the result as RGB24 (a fresh copy).
   * @throws the @prism/gpu codes of ModelChain.create / run (MODEL_*, AI_*).
   */
  async recompute(frame: CapturedFrame, spec: AiSpec): Promise<Uint8Array> {
    const key = `${spec.width}x${spec.height}:${spec.stages.map((s) => s.model).join(',')}`
    if (!this.#chain || key !== this.#key) {
      await this.#chain?.close()
      this.#chain = await ModelChain.create(this.runtime, {
        width: spec.width,
        height: spec.height,
        stages: spec.stages.map((s) => ({ model: s.model, params: s.params })),
      })
      this.#key = key
      const n = nchwSize(spec.width, spec.height)
      this.#input = new Float32Array(n)
      this.#output = new Float32Array(n)
      this.#rgb = new Uint8Array(n)
    } else {
      spec.stages.forEach((s, i) => {
        this.#chain?.updateParams(i, s.params)
      })
    }
    rgb24ToNchw(frame.data, spec.width, spec.height, this.#input)
    await this.#chain.run(this.#input, this.#output)
    nchwToRgb24(this.#output, spec.width, spec.height, this.#rgb)
    return this.#rgb.slice()
  }

  /** Frees the loaded chain. */
  async close(): Promise<void> {
    await this.#chain?.close()
    this.#chain = undefined
    this.#key = ''
  }
}
