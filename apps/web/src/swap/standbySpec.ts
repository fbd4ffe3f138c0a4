import type { WebPipelineSpec } from '../session/pipelineSpec.ts'

/** An `update` message of the `control` channel: new parameters for one AI stage. */
export type StageUpdate = { v: 1; type: 'update'; stage: number; params: Record<string, number> }

/**
 * What a warm standby must match to take over a stream: the spec without the AI stages'
 * parameters (those change live with `update`; a model, size or ladder change needs a new session).
 * @example
 * specShape({ version: 1, kind: 'ai', width: 256, height: 256, stages: [{ model: 'builtin:sepia', params: { strength: 1 } }] })
 * // '{"version":1,"kind":"ai","width":256,"height":256,"stages":["builtin:sepia"]}'
 */
export function specShape(spec: WebPipelineSpec): string {
  if (spec.kind !== 'ai') return JSON.stringify(spec)
  return JSON.stringify({ ...spec, stages: spec.stages.map((s) => s.model) })
}

/**
 * The `update` messages that bring a session started with `from` to the parameters of `to` (same
 * shape, see {@link specShape}): one per AI stage whose parameters differ.
 * @example
 * stageUpdates(sepia(1), sepia(0.5)) // [{ v: 1, type: 'update', stage: 0, params: { strength: 0.5 } }]
 */
export function stageUpdates(from: WebPipelineSpec, to: WebPipelineSpec): StageUpdate[] {
  if (from.kind !== 'ai' || to.kind !== 'ai') return []
  const updates: StageUpdate[] = []
  to.stages.forEach((s, stage) => {
    if (JSON.stringify(s.params) !== JSON.stringify(from.stages[stage]?.params))
      updates.push({ v: 1, type: 'update', stage, params: { ...s.params } })
  })
  return updates
}
