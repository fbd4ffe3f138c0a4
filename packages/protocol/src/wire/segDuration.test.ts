import { describe, expect, it } from 'vitest'
import { DEFAULT_SEGMENT_DURATION_MS, MAX_SEGMENT_DURATION_MS, segmentDurationMs } from './segDuration.ts'

describe('segment duration', () => {
  it('reads 0 as 2000 ms and keeps 1..300000', () => {
    expect(segmentDurationMs(0)).toBe(DEFAULT_SEGMENT_DURATION_MS)
    expect(segmentDurationMs(1)).toBe(1)
    expect(segmentDurationMs(MAX_SEGMENT_DURATION_MS)).toBe(300_000)
  })
  it("refuses < 0 and > 300000 ms with go-livepeer's text", () => {
    for (const bad of [-1, 300_001]) {
      expect(() => segmentDurationMs(bad)).toThrowError(
        expect.objectContaining({ code: 'WIRE_SEGMENT_DURATION_INVALID', shortMessage: 'invalid duration' }),
      )
    }
  })
})
