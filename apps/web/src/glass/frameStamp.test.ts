import { describe, expect, it } from 'vitest'
import { percentile, readStamp, STAMP_BITS, STAMP_BLOCK } from './frameStamp.ts'

/** Paints a stamp into an RGBA buffer the way drawStamp paints a canvas. */
function paint(n: number, w: number, scale: number, low = 0, high = 255): Uint8ClampedArray {
  const h = STAMP_BLOCK * scale
  const rgba = new Uint8ClampedArray(w * h * 4)
  const block = STAMP_BLOCK * scale
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const k = Math.floor(x / block)
      const white = k === 0 ? true : k === 1 ? false : k - 2 < STAMP_BITS ? ((n >> (k - 2)) & 1) === 1 : false
      const v = white ? high : low
      rgba.set([v, v, v, 255], (y * w + x) * 4)
    }
  return rgba
}

describe('readStamp', () => {
  it('reads back every bit', () => {
    for (const n of [0, 1, 42, 1234, 4095]) expect(readStamp(paint(n, 512, 1), 512, 1)).toBe(n)
  })
  it('reads a scaled and tinted stamp', () => {
    expect(readStamp(paint(777, 256, 0.5, 60, 200), 256, 0.5)).toBe(777)
  })
  it('refuses a frame without contrast', () => {
    expect(readStamp(paint(5, 512, 1, 100, 110), 512, 1)).toBeUndefined()
  })
})

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10)
    expect(percentile([], 50)).toBeNaN()
  })
})
