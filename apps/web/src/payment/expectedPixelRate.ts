import { VIDEO_PROFILES } from '@prism/protocol'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'

/**
 * Output pixels per second a pipeline is expected to produce (what the node debits).
 * @param spec the pipeline.
 * @param input size of the camera input (for passthrough).
 * @param fps frame rate assumed. Default: 30.
 * @returns pixels per second.
 * @example
 * expectedPixelRate({ version: 1, kind: 'ai', width: 256, height: 256, stages: [] }, undefined) // 1966080
 */
export function expectedPixelRate(
  spec: WebPipelineSpec,
  input: { width: number; height: number } | undefined,
  fps = 30,
): number {
  if (spec.kind === 'ai') return spec.width * spec.height * fps
  if (spec.kind === 'transcode') {
    return spec.profiles.reduce((sum, name) => {
      const p = VIDEO_PROFILES[name]
      return p ? sum + p.width * p.height * Math.min(fps, p.fps) : sum
    }, 0)
  }
  return (input?.width ?? 640) * (input?.height ?? 480) * fps
}
