import { describe, expect, it } from 'vitest'
import { i420ToRgb24, scaleI420ToRgb24 } from './scaleI420.ts'

/** An I420 frame of one colour (BT.601 limited range). */
function flat(w: number, h: number, y: number, u: number, v: number): Uint8Array {
  const cw = Math.ceil(w / 2)
  const ch = Math.ceil(h / 2)
  const d = new Uint8Array(w * h + 2 * cw * ch)
  d.fill(y, 0, w * h)
  d.fill(u, w * h, w * h + cw * ch)
  d.fill(v, w * h + cw * ch)
  return d
}

const lo = (a: Uint8Array) => a.reduce((m, v) => Math.min(m, v), 255)
const hi = (a: Uint8Array) => a.reduce((m, v) => Math.max(m, v), 0)

describe('scaleI420ToRgb24', () => {
  it('keeps a flat colour at any size (BT.601 limited range: Y 16 black, 235 white)', () => {
    for (const [w, h, dw, dh] of [
      [640, 480, 256, 256],
      [320, 240, 512, 512],
      [33, 17, 8, 8],
    ] as const) {
      const white = scaleI420ToRgb24({ data: flat(w, h, 235, 128, 128), width: w, height: h }, dw, dh)
      expect(white.length).toBe(dw * dh * 3)
      expect(lo(white)).toBe(255)
      const black = scaleI420ToRgb24({ data: flat(w, h, 16, 128, 128), width: w, height: h }, dw, dh)
      expect(hi(black)).toBe(0)
    }
  })
  it('averages detail when shrinking (anti-aliased): a 1-pixel checkerboard becomes mid-grey', () => {
    const w = 64
    const h = 64
    const d = flat(w, h, 0, 128, 128)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = (x + y) % 2 ? 235 : 16
    const out = scaleI420ToRgb24({ data: d, width: w, height: h }, 16, 16)
    for (const v of out) expect(Math.abs(v - 128)).toBeLessThan(6)
  })
  it('converts colour like ffmpeg (pure red in limited range)', () => {
    const [r, g, b] = i420ToRgb24({ data: flat(2, 2, 81, 90, 240), width: 2, height: 2 })
    expect(r).toBeGreaterThan(250)
    expect(g).toBeLessThan(5)
    expect(b).toBeLessThan(5)
  })
})
