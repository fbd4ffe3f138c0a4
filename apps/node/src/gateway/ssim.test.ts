import { describe, expect, it } from 'vitest'
import { ssim } from './ssim.ts'

function gradient(w: number, h: number, shift = 0): Uint8Array {
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = ((x + shift) * 4 + y * 2) & 0xff
  return out
}

describe('ssim', () => {
  it('is 1 for identical images', () => {
    const a = gradient(64, 32)
    expect(ssim(a, a, 64, 32)).toBeCloseTo(1, 10)
  })

  it('drops for different content', () => {
    const a = gradient(64, 32)
    const noise = Uint8Array.from(a, (_v, i) => (i * 7919) % 256)
    expect(ssim(a, noise, 64, 32)).toBeLessThan(0.5)
  })

  it('rejects mismatched sizes', () => {
    expect(() => ssim(new Uint8Array(10), new Uint8Array(10), 4, 4)).toThrow(RangeError)
  })
})
