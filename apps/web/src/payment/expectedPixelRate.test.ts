import { describe, expect, it } from 'vitest'
import { expectedPixelRate } from './expectedPixelRate.ts'

describe('expectedPixelRate', () => {
  it('counts AI output at the spec size', () => {
    expect(
      expectedPixelRate({ version: 1, kind: 'ai', width: 256, height: 256, stages: [] }, undefined),
    ).toBe(256 * 256 * 30)
  })
  it('sums the transcode ladder', () => {
    const spec = {
      version: 1 as const,
      kind: 'transcode' as const,
      profiles: ['P360p30fps16x9', 'P240p30fps16x9'],
    }
    expect(expectedPixelRate(spec, undefined)).toBe((640 * 360 + 426 * 240) * 30)
  })
  it('uses the input size for passthrough', () => {
    expect(expectedPixelRate({ version: 1, kind: 'passthrough' }, { width: 320, height: 240 }, 10)).toBe(
      320 * 240 * 10,
    )
  })
})
