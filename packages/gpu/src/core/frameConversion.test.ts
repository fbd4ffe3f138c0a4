import {
  FrameSizeInvalidError,
  i420Size,
  i420ToNchw,
  nchwSize,
  nchwToI420,
  nchwToRgb24,
  rgb24Size,
  rgb24ToNchw,
} from '@prism/gpu'
import { describe, expect, it } from 'vitest'

function randomBytes(n: number, seed: number): Uint8Array {
  let s = seed
  return Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s >>> 24
  })
}

describe('rgb24 <-> NCHW', () => {
  it('lays out planes R, G, B in [0, 1] and round-trips exactly', () => {
    const w = 5
    const h = 3
    const rgb = randomBytes(rgb24Size(w, h), 1)
    const t = new Float32Array(nchwSize(w, h))
    rgb24ToNchw(rgb, w, h, t)
    const plane = w * h
    expect(t[0]).toBeCloseTo(rgb[0]! / 255, 6)
    expect(t[plane + 1]).toBeCloseTo(rgb[4]! / 255, 6)
    expect(t[2 * plane + 2]).toBeCloseTo(rgb[8]! / 255, 6)
    const back = new Uint8Array(rgb.length)
    nchwToRgb24(t, w, h, back)
    expect(back).toEqual(rgb)
  })

  it('clamps out-of-range floats when converting back', () => {
    const t = Float32Array.of(-0.5, 2, 0.5)
    const out = new Uint8Array(3)
    nchwToRgb24(t, 1, 1, out)
    expect([...out]).toEqual([0, 255, 128])
  })

  it('rounds half up and clamps like Math.round on every float32 near a byte boundary', () => {
    const values: number[] = [Number.NaN, -0, 0.5, 1, -1e-9, 1 + 1e-7]
    for (let k = 0; k <= 256; k++) {
      const mid = Math.fround((k - 0.5) / 255)
      values.push(
        mid,
        Math.fround(mid * (1 + 2 ** -23)),
        Math.fround(mid * (1 - 2 ** -23)),
        Math.fround(k / 255),
      )
    }
    const t = new Float32Array(3 * values.length)
    t.set(values) // all in the R plane of a values.length x 1 frame
    const out = new Uint8Array(t.length)
    nchwToRgb24(t, values.length, 1, out)
    const expected = values.map((v) => {
      const x = Math.fround(v) * 255
      return x <= 0 || Number.isNaN(x) ? 0 : x >= 255 ? 255 : Math.round(x)
    })
    expect(values.map((_, i) => out[3 * i])).toEqual(expected)
  })

  it('refuses buffers of the wrong size with FRAME_SIZE_INVALID', () => {
    expect(() => rgb24ToNchw(new Uint8Array(10), 2, 2, new Float32Array(12))).toThrow(FrameSizeInvalidError)
    try {
      nchwToRgb24(new Float32Array(12), 2, 2, new Uint8Array(11))
    } catch (err) {
      expect((err as FrameSizeInvalidError).code).toBe('FRAME_SIZE_INVALID')
    }
  })
})

describe('I420 <-> NCHW', () => {
  it('maps BT.601 limited-range black, white and grey', () => {
    const w = 2
    const h = 2
    const yuv = new Uint8Array(i420Size(w, h))
    const t = new Float32Array(nchwSize(w, h))
    yuv.fill(16, 0, 4)
    yuv.fill(128, 4)
    i420ToNchw(yuv, w, h, t)
    for (const v of t) expect(v).toBeCloseTo(0, 6)
    yuv.fill(235, 0, 4)
    i420ToNchw(yuv, w, h, t)
    for (const v of t) expect(v).toBeGreaterThan(0.99)
  })

  it('round-trips a smooth colour image within 3 levels (chroma subsampled)', () => {
    const w = 8
    const h = 6
    const rgb = new Uint8Array(rgb24Size(w, h))
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = (y * w + x) * 3
        rgb[p] = 40 + Math.floor(x / 2) * 20
        rgb[p + 1] = 200 - Math.floor(y / 2) * 30
        rgb[p + 2] = 90
      }
    }
    const t = new Float32Array(nchwSize(w, h))
    const yuv = new Uint8Array(i420Size(w, h))
    rgb24ToNchw(rgb, w, h, t)
    nchwToI420(t, w, h, yuv)
    i420ToNchw(yuv, w, h, t)
    const back = new Uint8Array(rgb.length)
    nchwToRgb24(t, w, h, back)
    for (let i = 0; i < rgb.length; i++) expect(Math.abs(back[i]! - rgb[i]!)).toBeLessThanOrEqual(3)
  })

  it('handles odd sizes (chroma planes rounded up)', () => {
    expect(i420Size(3, 3)).toBe(9 + 2 * 4)
    const t = new Float32Array(nchwSize(3, 3)).fill(0.5)
    const yuv = new Uint8Array(i420Size(3, 3))
    nchwToI420(t, 3, 3, yuv)
    i420ToNchw(yuv, 3, 3, t)
    for (const v of t) expect(v).toBeCloseTo(0.5, 1)
  })
})
