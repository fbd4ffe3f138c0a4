import { describe, expect, it } from 'vitest'
import { chainSize } from './LiveSegmentCodec.ts'

describe('chainSize', () => {
  it('fits 1024 keeping the aspect ratio and rounds each side to a multiple of 8 (the ai pipeline rule)', () => {
    expect(chainSize({ width: 640, height: 360 })).toEqual({ width: 640, height: 360 })
    expect(chainSize({ width: 1280, height: 720 })).toEqual({ width: 1024, height: 576 })
    expect(chainSize({ width: 320, height: 180 })).toEqual({ width: 320, height: 184 })
    expect(chainSize({ width: 854, height: 480 })).toEqual({ width: 856, height: 480 })
    expect(chainSize({ width: 1920, height: 1080 })).toEqual({ width: 1024, height: 576 })
    expect(chainSize({ width: 40, height: 66 })).toEqual({ width: 64, height: 64 })
  })
})
