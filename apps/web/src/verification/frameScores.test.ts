import { describe, expect, it } from 'vitest'
import { frameDifficulty, frameScores, SCORE_KINDS } from './frameScores.ts'

const W = 64
const H = 48

function pattern(seed: number, colour: [number, number, number] = [1, 1, 1]): Uint8Array {
  const out = new Uint8Array(W * H * 3)
  let s = seed
  for (let i = 0; i < W * H; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const v = 40 + ((s >>> 24) % 160) + ((i % W) >> 2)
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.min(255, Math.round(v * colour[c]!))
  }
  return out
}

describe('frameScores', () => {
  it('scores identical frames 1 at every scale', () => {
    const a = pattern(1)
    expect(frameScores(a, a, W, H)).toEqual(SCORE_KINDS.map(() => 1))
  })
  it('scores unrelated detail low at full size, and higher once shrunk', () => {
    const [full, half] = frameScores(pattern(1), pattern(2), W, H)
    expect(full).toBeLessThan(0.3)
    expect(half).toBeGreaterThan(full!)
  })
  it('sees a colour-only change that luma would hide', () => {
    const a = pattern(1)
    const warm = pattern(1, [1, 1, 0]) // no blue: a strong colour cast, the same luma structure
    const [luma, , colour] = frameScores(a, warm, W, H)
    expect(colour).toBeLessThan(0.8)
    expect(colour).toBeLessThan(luma!)
  })
  it('refuses frames of the wrong size', () => {
    expect(() => frameScores(pattern(1), new Uint8Array(10), W, H)).toThrow(RangeError)
  })
})

describe('frameDifficulty', () => {
  it('adds the motion since the previous input frame', () => {
    const flat = new Uint8Array(W * H * 3).fill(120)
    const brighter = new Uint8Array(W * H * 3).fill(130)
    expect(frameDifficulty(flat, W, H, { input: brighter, previous: flat })).toEqual({
      detail: 0,
      motion: 10,
    })
    expect(frameDifficulty(flat, W, H, { input: flat, previous: flat })).toEqual({ detail: 0, motion: 0 })
  })
  it('is 0 for a flat frame and grows with fine detail', () => {
    const flat = new Uint8Array(W * H * 3).fill(120)
    expect(frameDifficulty(flat, W, H).detail).toBe(0)
    const smooth = pattern(1).map((_, i) => Math.floor(i / 3) % W) // a horizontal ramp
    expect(frameDifficulty(smooth, W, H).detail).toBeLessThan(1)
    expect(frameDifficulty(pattern(1), W, H).detail).toBeGreaterThan(20)
  })
})
