/** A stage of an AI chain: a model and its parameters. */
export type WebStageSpec = { model: string; params: Record<string, number> }

/**
 * The pipeline the gateway asks for (mirrors the `PipelineSpec` schema of @prism/protocol, which
 * validates it on the node).
 */
export type WebPipelineSpec =
  | { version: 1; kind: 'passthrough' }
  | { version: 1; kind: 'transcode'; profiles: string[]; returnProfile?: string }
  | { version: 1; kind: 'ai'; width: number; height: number; stages: WebStageSpec[] }

/**
 * A copy of `spec` with the params of one stage merged with `params`.
 * @param spec the current spec.
 * @param stage index of the stage.
 * @param params parameters to set.
 * @returns the new spec (unchanged when not an AI spec or no such stage).
 * @example
 * withStageParams({ version: 1, kind: 'ai', width: 256, height: 256, stages: [{ model: 'builtin:sepia', params: {} }] }, 0, { strength: 1 })
 */
export function withStageParams(
  spec: WebPipelineSpec,
  stage: number,
  params: Record<string, number>,
): WebPipelineSpec {
  if (spec.kind !== 'ai' || !spec.stages[stage]) return spec
  return {
    ...spec,
    stages: spec.stages.map((s, i) => (i === stage ? { ...s, params: { ...s.params, ...params } } : s)),
  }
}

/**
 * A copy of `spec` with one stage's model replaced (its params reset to `params`).
 * @returns the new spec (unchanged when not an AI spec or no such stage).
 */
export function withStageModel(
  spec: WebPipelineSpec,
  stage: number,
  model: string,
  params: Record<string, number>,
): WebPipelineSpec {
  if (spec.kind !== 'ai' || !spec.stages[stage]) return spec
  return { ...spec, stages: spec.stages.map((s, i) => (i === stage ? { model, params: { ...params } } : s)) }
}
