import { describe, expect, it } from 'vitest'
import { CAPABILITIES } from './capabilities.ts'
import { CAPABILITY_NAMES, capabilityByName, capabilityForPipeline } from './capabilityNames.ts'

describe('capability names', () => {
  it("has go-livepeer's name for every id but the deprecated 13", () => {
    expect(Object.keys(CAPABILITY_NAMES)).toHaveLength(37)
    expect(CAPABILITY_NAMES[CAPABILITIES.SceneClassification]).toBeUndefined()
    expect(CAPABILITY_NAMES[0]).toBe('H.264')
    expect(CAPABILITY_NAMES[10]).toBe('H264 Constrained, Contained High profile')
    expect(CAPABILITY_NAMES[37]).toBe('byoc')
    expect(capabilityByName('Segment slicing')).toBe(26)
  })

  it('maps pipeline names to capabilities', () => {
    expect(capabilityForPipeline('live-video-to-video')).toBe(35)
    expect(capabilityForPipeline('text-to-image')).toBe(27)
    expect(capabilityForPipeline('segment-anything-2')).toBe(32)
    expect(capabilityForPipeline('llm')).toBe(33)
    expect(capabilityForPipeline('text-to-speech')).toBe(36)
    expect(capabilityForPipeline('no-such-pipeline')).toBeUndefined()
    expect(capabilityForPipeline('')).toBeUndefined()
  })
})
