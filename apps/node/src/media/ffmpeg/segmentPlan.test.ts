import { describe, expect, it } from 'vitest'
import { onGrid, planSegment, sameParameterSets } from './segmentPlan.ts'
import { type TestTsOptions, testTs } from './testClips.ts'

/** One second of 160x90 at `rate` fps, without B-frames unless asked. */
const segment = (rate: number, opts: TestTsOptions = {}) => testTs({ rate, bframes: 0, ...opts })

describe('planSegment', () => {
  it('plans an H.264 segment on its frame grid, with how deep its B-frames reorder', async () => {
    const plain = planSegment(await segment(25), 25)
    const withB = planSegment(await segment(25, { bframes: 3 }), 25)
    if (typeof plain === 'string' || typeof withB === 'string')
      throw new Error(`not planned: ${plain} ${withB}`)
    expect(plain.frames).toHaveLength(25)
    expect(plain.frameTicks).toBe(3600)
    expect(plain.reorderDepth).toBe(0)
    expect(plain.ptsSorted.at(-1)! - plain.ptsSorted[0]!).toBe(24 * 3600)
    expect(plain.frames[0]!.idr).toBe(true)
    expect(withB.reorderDepth).toBeGreaterThan(0)
    expect(sameParameterSets(plain, plain)).toBe(true)
    expect(sameParameterSets(plain, withB)).toBe(false)
  })

  it('says why a segment cannot be planned', async () => {
    expect(planSegment(await segment(25), 30)).toBe('timestamps off the 30 fps grid')
    expect(planSegment(await segment(25, { codec: 'mpeg2video' }), 25)).toBe('not H.264')
    expect(planSegment(Buffer.alloc(188, 0x47), 25)).toBe('no video stream')
    expect(planSegment(await segment(25), 0)).toBe('no output frame rate')
  })
})

describe('onGrid', () => {
  it('allows a twentieth of a frame off each slot', () => {
    expect(onGrid([3000, 6000, 9150], 0, 1, 3000)).toBe(true)
    expect(onGrid([3000, 6000, 9151], 0, 1, 3000)).toBe(false)
    expect(onGrid([6000], 0, 1, 3000)).toBe(false)
  })
})
