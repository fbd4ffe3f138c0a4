/**
 * How closely a returned frame matches the local recomputation, as three scores: SSIM (8x8
 * windows every 4 pixels) of the luma at full size, of the luma shrunk 2x, and the mean over R, G
 * and B of SSIM of the frames shrunk 4x (block means). The return codec removes fine detail and
 * chroma first (noise, high-detail moving content at a few hundred kbit/s), so fine-scale scores
 * of honest frames drop on such content while coarse ones stay high; a wrong model, stale frames
 * or a cheaper chain show on some score, and a colour-only change (e.g. sepia vs none), which
 * hardly moves luma, shows on the colour score.
 */

import { planeSsim } from '@prism/gpu'

/** The scores, in order: which planes and how much the frames are shrunk first. */
export const SCORE_KINDS = [
  { name: 'luma', shrink: 1, colour: false },
  { name: 'luma 1/2', shrink: 2, colour: false },
  { name: 'colour 1/4', shrink: 4, colour: true },
] as const

/** The R, G and B planes (or the luma alone) of an rgb24 frame shrunk by `f` (block means). */
function planes(rgb: Uint8Array, w: number, h: number, f: number, colour: boolean): Float32Array[] {
  const W = Math.floor(w / f)
  const H = Math.floor(h / f)
  const out = colour
    ? [new Float32Array(W * H), new Float32Array(W * H), new Float32Array(W * H)]
    : [new Float32Array(W * H)]
  const k = 1 / (f * f)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0
      let g = 0
      let b = 0
      for (let dy = 0; dy < f; dy++) {
        let p = ((y * f + dy) * w + x * f) * 3
        for (let dx = 0; dx < f; dx++, p += 3) {
          r += rgb[p]!
          g += rgb[p + 1]!
          b += rgb[p + 2]!
        }
      }
      const i = y * W + x
      if (colour) {
        out[0]![i] = r * k
        out[1]![i] = g * k
        out[2]![i] = b * k
      } else out[0]![i] = (0.299 * r + 0.587 * g + 0.114 * b) * k
    }
  }
  return out
}

/**
 * Scores of a returned frame against the recomputed one, one per {@link SCORE_KINDS} entry
 * (1 = identical).
 * @param a recomputed rgb24. @param b returned rgb24, same size.
 * @throws RangeError when the buffers do not hold `width * height * 3` bytes.
 * @example
 * frameScores(local, returned, 256, 256) // e.g. [0.93, 0.97, 0.99]
 */
export function frameScores(a: Uint8Array, b: Uint8Array, width: number, height: number): number[] {
  if (a.length !== width * height * 3 || b.length !== a.length)
    throw new RangeError(`frames must be ${width}x${height} rgb24 (${a.length}, ${b.length} bytes)`)
  return SCORE_KINDS.map(({ shrink, colour }) => {
    const pa = planes(a, width, height, shrink, colour)
    const pb = planes(b, width, height, shrink, colour)
    const W = Math.floor(width / shrink)
    const H = Math.floor(height / shrink)
    return pa.reduce((sum, p, i) => sum + planeSsim(p, pb[i]!, W, H), 0) / pa.length
  })
}

/** How hard a frame is for the return codec (see {@link frameDifficulty}). */
export type FrameDifficulty = {
  /** Mean absolute Laplacian over R, G and B of the recomputed frame: fine detail. */
  detail: number
  /** Mean absolute difference over R, G and B from the previous sent frame: motion. */
  motion: number
}

/**
 * How hard a frame is for the return codec: fine detail (the mean absolute Laplacian over R, G
 * and B of the recomputed frame) and motion (the mean absolute difference over R, G and B between
 * the input frame and the one sent before it; 0 when not given). Both 0 for a still flat picture,
 * tens for noise. The calibration bins honest scores by both; they are computed from what the
 * browser itself sent and recomputed, never from what the node returned.
 * @param rgb the recomputed rgb24 frame.
 * @param motion the input frame (rgb24 at the same size) and the one sent before it.
 * @example frameDifficulty(local, 256, 256, { input, previous }) // e.g. { detail: 7.5, motion: 2.1 }
 */
export function frameDifficulty(
  rgb: Uint8Array,
  width: number,
  height: number,
  motion?: { input: Uint8Array; previous: Uint8Array },
): FrameDifficulty {
  let detail = 0
  let count = 0
  const row = width * 3
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * row + x * 3
      for (let c = 0; c < 3; c++) {
        const i = p + c
        detail += Math.abs(4 * rgb[i]! - rgb[i - 3]! - rgb[i + 3]! - rgb[i - row]! - rgb[i + row]!)
      }
      count += 3
    }
  }
  let change = 0
  if (motion && motion.input.length === motion.previous.length) {
    for (let i = 0; i < motion.input.length; i++) change += Math.abs(motion.input[i]! - motion.previous[i]!)
    change /= motion.input.length || 1
  }
  return { detail: count ? detail / count : 0, motion: change }
}
