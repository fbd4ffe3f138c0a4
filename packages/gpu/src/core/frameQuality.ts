/**
 * Frame similarity for verification: PSNR over RGB and SSIM over luma, between two 8-bit rgb24
 * frames of the same size.
 */
import { FrameSizeInvalidError } from './errors.ts'

/** An rgb24 frame: packed RGB bytes, `width * height * 3` long. */
export type Rgb24Frame = { data: Uint8Array; width: number; height: number }

function checkPair(a: Rgb24Frame, b: Rgb24Frame): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new FrameSizeInvalidError('second frame', a.width * a.height * 3, b.width * b.height * 3)
  }
  for (const f of [a, b]) {
    if (f.data.length !== f.width * f.height * 3) {
      throw new FrameSizeInvalidError('rgb24 frame', f.width * f.height * 3, f.data.length)
    }
  }
}

/**
 * Peak signal-to-noise ratio in dB over all RGB samples (peak 255). Identical frames give
 * `Infinity`.
 *
 * @throws FRAME_SIZE_INVALID when sizes differ or a buffer has the wrong length.
 * @example
 * psnr(expected, received) > 30 // visually close
 */
export function psnr(a: Rgb24Frame, b: Rgb24Frame): number {
  checkPair(a, b)
  let sum = 0
  for (let i = 0; i < a.data.length; i++) {
    const d = a.data[i]! - b.data[i]!
    sum += d * d
  }
  if (sum === 0) return Number.POSITIVE_INFINITY
  const mse = sum / a.data.length
  return 10 * Math.log10((255 * 255) / mse)
}

/** Side of the square SSIM window, in pixels. */
export const SSIM_WINDOW = 8
/** Step between SSIM windows, in pixels. */
export const SSIM_STEP = 4

/**
 * Mean structural similarity of the luma (Rec. 601) of two frames: mean SSIM over 8x8 windows
 * placed every 4 pixels (C1 = (0.01·255)², C2 = (0.03·255)²). 1 means identical. Frames smaller
 * than a window are compared as one window.
 *
 * @throws FRAME_SIZE_INVALID when sizes differ or a buffer has the wrong length.
 * @example
 * ssim(expected, received) > 0.9
 */
export function ssim(a: Rgb24Frame, b: Rgb24Frame): number {
  checkPair(a, b)
  return planeSsim(lumaPlane(a), lumaPlane(b), a.width, a.height)
}

/**
 * Mean SSIM of two planes of `width * height` samples (0-255 scale, row-major): 8x8 windows
 * placed every 4 pixels, C1 = (0.01·255)², C2 = (0.03·255)². A plane smaller than a window is
 * compared as one window; an empty plane counts as identical (1). {@link ssim} applies it to the
 * luma; the web verifier to luma and colour planes at several scales.
 *
 * @example
 * planeSsim(lumaA, lumaB, 256, 256) // 1 for identical planes
 */
export function planeSsim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number): number {
  const wy = Math.min(SSIM_WINDOW, height)
  const wx = Math.min(SSIM_WINDOW, width)
  const n = wx * wy
  const c1 = (0.01 * 255) ** 2
  const c2 = (0.03 * 255) ** 2
  let total = 0
  let count = 0
  for (let y0 = 0; y0 + wy <= height && n > 0; y0 += SSIM_STEP) {
    for (let x0 = 0; x0 + wx <= width; x0 += SSIM_STEP) {
      let sa = 0
      let sb = 0
      let saa = 0
      let sbb = 0
      let sab = 0
      for (let y = y0; y < y0 + wy; y++) {
        const row = y * width
        for (let x = x0; x < x0 + wx; x++) {
          const va = a[row + x]!
          const vb = b[row + x]!
          sa += va
          sb += vb
          saa += va * va
          sbb += vb * vb
          sab += va * vb
        }
      }
      const ma = sa / n
      const mb = sb / n
      const va = saa / n - ma * ma
      const vb = sbb / n - mb * mb
      const cov = sab / n - ma * mb
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
      count++
    }
  }
  return count ? total / count : 1
}

function lumaPlane(f: Rgb24Frame): Float64Array {
  const out = new Float64Array(f.width * f.height)
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = 0.299 * f.data[p]! + 0.587 * f.data[p + 1]! + 0.114 * f.data[p + 2]!
  }
  return out
}
