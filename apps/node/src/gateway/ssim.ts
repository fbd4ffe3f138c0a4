/**
 * SSIM (structural similarity, Wang et al. 2004) of two 8-bit gray images of the same size, over
 * non-overlapping 8×8 windows with the usual constants (K1 0.01, K2 0.03, L 255). 1 = identical.
 */

/**
 * Mean SSIM of two gray images.
 *
 * @throws RangeError when the sizes differ from width × height.
 * @example
 * ssim(a, a, 64, 64) // 1
 */
export function ssim(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  if (a.length !== width * height || b.length !== width * height)
    throw new RangeError(`ssim: expected ${width * height} bytes, got ${a.length} and ${b.length}`)
  const c1 = (0.01 * 255) ** 2
  const c2 = (0.03 * 255) ** 2
  const win = 8
  let total = 0
  let count = 0
  for (let y = 0; y + win <= height; y += win) {
    for (let x = 0; x + win <= width; x += win) {
      let sa = 0
      let sb = 0
      let saa = 0
      let sbb = 0
      let sab = 0
      for (let j = 0; j < win; j++) {
        const row = (y + j) * width + x
        for (let i = 0; i < win; i++) {
          const va = a[row + i]!
          const vb = b[row + i]!
          sa += va
          sb += vb
          saa += va * va
          sbb += vb * vb
          sab += va * vb
        }
      }
      const n = win * win
      const ma = sa / n
      const mb = sb / n
      const va = saa / n - ma * ma
      const vb = sbb / n - mb * mb
      const cov = sab / n - ma * mb
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
      count++
    }
  }
  return count === 0 ? 1 : total / count
}
