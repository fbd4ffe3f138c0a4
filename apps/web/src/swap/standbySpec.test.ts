import { describe, expect, it } from 'vitest'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { specShape, stageUpdates } from './standbySpec.ts'

const sepia = (strength: number, model = 'builtin:sepia'): WebPipelineSpec => ({
  version: 1,
  kind: 'ai',
  width: 256,
  height: 256,
  stages: [
    { model, params: { strength } },
    { model: 'builtin:sharpen', params: {} },
  ],
})

describe('standby spec', () => {
  it('matches AI specs that differ only by stage parameters', () => {
    expect(specShape(sepia(1))).toBe(specShape(sepia(0.2)))
    expect(specShape(sepia(1))).not.toBe(specShape(sepia(1, 'builtin:toon')))
    expect(specShape({ version: 1, kind: 'passthrough' })).not.toBe(specShape(sepia(1)))
    expect(specShape({ version: 1, kind: 'transcode', profiles: ['P240p30fps16x9'] })).not.toBe(
      specShape({ version: 1, kind: 'transcode', profiles: ['P360p30fps16x9'] }),
    )
  })

  it('updates only the stages whose parameters changed', () => {
    expect(stageUpdates(sepia(1), sepia(0.5))).toEqual([
      { v: 1, type: 'update', stage: 0, params: { strength: 0.5 } },
    ])
    expect(stageUpdates(sepia(1), sepia(1))).toEqual([])
    expect(stageUpdates({ version: 1, kind: 'passthrough' }, { version: 1, kind: 'passthrough' })).toEqual([])
  })
})
