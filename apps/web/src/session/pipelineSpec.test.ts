import { describe, expect, it } from 'vitest'
import { type WebPipelineSpec, withStageModel, withStageParams } from './pipelineSpec.ts'

const spec: WebPipelineSpec = {
  version: 1,
  kind: 'ai',
  width: 256,
  height: 256,
  stages: [
    { model: 'builtin:sepia', params: { strength: 0.5 } },
    { model: 'builtin:blur', params: { radius: 2 } },
  ],
}

describe('withStageParams', () => {
  it('merges params into one stage without touching the original', () => {
    const next = withStageParams(spec, 1, { radius: 4 })
    expect(next.kind === 'ai' && next.stages[1]?.params).toEqual({ radius: 4 })
    expect(spec.kind === 'ai' && spec.stages[1]?.params).toEqual({ radius: 2 })
  })
  it('ignores a missing stage and non-AI specs', () => {
    expect(withStageParams(spec, 5, { x: 1 })).toBe(spec)
    const p: WebPipelineSpec = { version: 1, kind: 'passthrough' }
    expect(withStageParams(p, 0, { x: 1 })).toBe(p)
  })
})

describe('withStageModel', () => {
  it('replaces the model and its params', () => {
    const next = withStageModel(spec, 0, 'builtin:toon', { levels: 4 })
    expect(next.kind === 'ai' && next.stages[0]).toEqual({ model: 'builtin:toon', params: { levels: 4 } })
  })
})
