import { FrameSizeInvalidError, planeSsim, psnr, type Rgb24Frame, ssim } from '@prism/gpu'
import { describe, expect, it } from 'vitest'

function pattern(width: number, height: number, noise = 0, seed = 7): Rgb24Frame {
  let s = seed
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0
        const n = noise ? ((s >>> 24) / 255 - 0.5) * 2 * noise : 0
        const base = ((x * 8 + y * 4 + c * 50) % 200) + 20
        data[(y * width + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(base + n)))
      }
    }
  }
  return { data, width, height }
}

describe('psnr', () => {
  it('is infinite for identical frames', () => {
    const a = pattern(16, 16)
    expect(psnr(a, a)).toBe(Number.POSITIVE_INFINITY)
  })

  it('is 20·log10(255 / d) for a constant difference d', () => {
    const a = pattern(16, 16)
    const b = { ...a, data: a.data.map((v) => v + 5) }
    expect(psnr(a, b)).toBeCloseTo(20 * Math.log10(255 / 5), 6)
  })

  it('drops as noise grows', () => {
    const a = pattern(32, 32)
    expect(psnr(a, pattern(32, 32, 4))).toBeGreaterThan(psnr(a, pattern(32, 32, 40)))
  })
})

describe('ssim', () => {
  it('is 1 for identical frames', () => {
    const a = pattern(32, 24)
    expect(ssim(a, a)).toBeCloseTo(1, 10)
  })

  it('stays high for light noise and falls for heavy noise', () => {
    const a = pattern(32, 32)
    const light = ssim(a, pattern(32, 32, 4))
    const heavy = ssim(a, pattern(32, 32, 80))
    expect(light).toBeGreaterThan(0.9)
    expect(heavy).toBeLessThan(light)
    expect(heavy).toBeLessThan(0.7)
  })

  it('is low for an inverted frame', () => {
    const a = pattern(32, 32)
    expect(ssim(a, { ...a, data: a.data.map((v) => 255 - v) })).toBeLessThan(0)
  })

  it('refuses frames of different sizes', () => {
    expect(() => ssim(pattern(8, 8), pattern(8, 16))).toThrow(FrameSizeInvalidError)
  })
})

describe('planeSsim', () => {
  it('is 1 for identical planes and for an empty plane', () => {
    const p = Float32Array.from({ length: 20 * 12 }, (_, i) => (i * 37) % 256)
    expect(planeSsim(p, p, 20, 12)).toBeCloseTo(1, 10)
    expect(planeSsim(new Float32Array(0), new Float32Array(0), 0, 0)).toBe(1)
  })

  it('compares a plane smaller than a window as one window', () => {
    const a = Float32Array.from([10, 200, 30, 90])
    const b = Float32Array.from([200, 10, 90, 30])
    const s = planeSsim(a, b, 2, 2)
    expect(s).toBeLessThan(0.5)
    expect(planeSsim(a, a, 2, 2)).toBeCloseTo(1, 10)
  })

  it('is what ssim computes on the luma', () => {
    const a = pattern(32, 24)
    const b = pattern(32, 24, 30)
    const luma = (f: typeof a) =>
      Float64Array.from({ length: f.width * f.height }, (_, i) => {
        const p = i * 3
        return 0.299 * f.data[p]! + 0.587 * f.data[p + 1]! + 0.114 * f.data[p + 2]!
      })
    expect(planeSsim(luma(a), luma(b), 32, 24)).toBe(ssim(a, b))
  })
})
