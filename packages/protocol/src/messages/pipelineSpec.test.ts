import { describe, expect, it } from 'vitest'
import { MessageInvalidError } from '../errors/message.ts'
import { decodePipelineSpec, PIPELINE_LIMITS } from './pipelineSpec.ts'

function failPath(input: unknown): string {
  try {
    decodePipelineSpec(input)
  } catch (e) {
    if (e instanceof MessageInvalidError) return `${e.path}: ${e.shortMessage}`
    throw e
  }
  throw new Error('expected MessageInvalidError')
}

const sha = 'a'.repeat(64)

describe('decodePipelineSpec', () => {
  it('decodes passthrough', () => {
    expect(decodePipelineSpec({ version: 1, kind: 'passthrough' })).toEqual({
      version: 1,
      kind: 'passthrough',
    })
  })

  it('fills transcode defaults: profiles and the first as returnProfile', () => {
    expect(decodePipelineSpec({ version: 1, kind: 'transcode' })).toEqual({
      version: 1,
      kind: 'transcode',
      profiles: ['P360p30fps16x9', 'P240p30fps16x9'],
      returnProfile: 'P360p30fps16x9',
    })
    expect(
      decodePipelineSpec({
        version: 1,
        kind: 'transcode',
        profiles: ['P144p30fps16x9', 'P720p30fps16x9'],
        returnProfile: 'P720p30fps16x9',
      }),
    ).toMatchObject({ returnProfile: 'P720p30fps16x9' })
  })

  it('rejects bad transcode specs precisely', () => {
    expect(failPath({ version: 1, kind: 'transcode', profiles: ['P360p30fps16x9', 'P999'] })).toMatch(
      /^profiles\.1: .*unknown video profile/,
    )
    expect(failPath({ version: 1, kind: 'transcode', profiles: [] })).toMatch(/^profiles:/)
    expect(failPath({ version: 1, kind: 'transcode', profiles: Array(5).fill('P144p30fps16x9') })).toMatch(
      /^profiles:/,
    )
    expect(
      failPath({
        version: 1,
        kind: 'transcode',
        profiles: ['P144p30fps16x9'],
        returnProfile: 'P240p30fps16x9',
      }),
    ).toMatch(/^returnProfile: .*must be one of profiles/)
  })

  it('decodes an ai chain with defaults for params', () => {
    const spec = decodePipelineSpec({
      version: 1,
      kind: 'ai',
      width: 512,
      height: 288,
      stages: [
        { model: 'builtin:invert' },
        { model: 'file:/models/a.onnx', params: { strength: 0.5, on: true, mode: 'x' }, range: '-1-1' },
        { model: 'url:https://example.com/m.onnx', params: {}, sha256: sha, range: '0-255' },
      ],
    })
    expect(spec.kind === 'ai' && spec.stages[0]?.params).toEqual({})
  })

  it('rejects bad ai specs, naming stage and field', () => {
    const base = { version: 1, kind: 'ai', width: 512, height: 512 }
    expect(
      failPath({
        ...base,
        stages: [{ model: 'builtin:a' }, { model: 'url:https://x.org/m.onnx', params: {} }],
      }),
    ).toMatch(/^stages\.1\.sha256: .*required for url: models/)
    expect(failPath({ ...base, stages: [{ model: 'url:http://x.org/m.onnx', sha256: sha }] })).toMatch(
      /^stages\.0\.model:/,
    )
    expect(failPath({ ...base, stages: [{ model: 'onnx:m' }] })).toMatch(/^stages\.0\.model:/)
    expect(failPath({ ...base, stages: [{ model: 'builtin:a', sha256: 'xyz' }] })).toMatch(
      /^stages\.0\.sha256:/,
    )
    expect(failPath({ ...base, stages: [{ model: 'builtin:a', range: '0-2' }] })).toMatch(
      /^stages\.0\.range:/,
    )
    expect(failPath({ ...base, stages: [{ model: 'builtin:a', params: { x: null } }] })).toMatch(
      /^stages\.0\.params\.x:/,
    )
    expect(failPath({ ...base, stages: [] })).toMatch(/^stages:/)
    expect(
      failPath({ ...base, stages: Array(PIPELINE_LIMITS.maxStages + 1).fill({ model: 'builtin:a' }) }),
    ).toMatch(/^stages:/)
    expect(failPath({ ...base, width: 500, stages: [{ model: 'builtin:a' }] })).toMatch(
      /^width: .*multiple of 8/,
    )
    expect(failPath({ ...base, height: 1032, stages: [{ model: 'builtin:a' }] })).toMatch(/^height:/)
    expect(failPath({ ...base, width: 56, stages: [{ model: 'builtin:a' }] })).toMatch(/^width:/)
  })

  it('rejects unknown kinds and versions', () => {
    expect(failPath({ version: 1, kind: 'magic' })).toMatch(/^kind:/)
    expect(failPath({ version: 2, kind: 'passthrough' })).toMatch(/^version:/)
  })
})
