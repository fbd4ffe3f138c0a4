/**
 * Scales a decoded I420 frame to the AI spec's size and converts it to rgb24, the way the node's
 * decoder does (ffmpeg `scale=W:H:flags=bilinear,format=rgb24`): a separable triangle filter whose
 * support widens with the reduction (anti-aliased when shrinking, plain bilinear when growing),
 * chroma scaled to half the output width and the full output height, BT.601 limited range.
 * Not bit-exact with swscale (fixed point, its own chroma siting); the calibration measures the
 * difference (docs/web-app.md, "Verification").
 */

/** A tightly packed I420 frame (Y plane, then U, then V; chroma planes ceil(w/2) x ceil(h/2)). */
export type I420Frame = { data: Uint8Array; width: number; height: number }

/** Filter taps of one output sample: first source index and weights (sum 1). */
type Taps = { first: Int32Array; count: number; weights: Float32Array }

const tapsCache = new Map<string, Taps>()

/**
 * Taps of a 1-D resampling from `src` to `dst` samples, sample centres aligned (`offset` shifts
 * the source sample grid, in source samples).
 */
function taps(src: number, dst: number, offset = 0): Taps {
  const key = `${src}:${dst}:${offset}`
  const cached = tapsCache.get(key)
  if (cached) return cached
  const scale = src / dst
  const support = Math.max(1, scale)
  const count = Math.ceil(support) * 2 + 1
  const first = new Int32Array(dst)
  const weights = new Float32Array(dst * count)
  for (let i = 0; i < dst; i++) {
    const centre = (i + 0.5) * scale - 0.5 - offset
    const start = Math.floor(centre - support) + 1
    first[i] = start
    let sum = 0
    for (let k = 0; k < count; k++) {
      const w = Math.max(0, 1 - Math.abs(start + k - centre) / support)
      weights[i * count + k] = w
      sum += w
    }
    for (let k = 0; k < count; k++) weights[i * count + k]! /= sum || 1
  }
  const t = { first, count, weights }
  if (tapsCache.size > 64) tapsCache.clear()
  tapsCache.set(key, t)
  return t
}

/** Resamples one 8-bit plane (edges replicated) into a float plane of dw x dh. */
function resamplePlane(
  src: Uint8Array,
  offset: number,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
  hOffset = 0,
  vOffset = 0,
): Float32Array {
  const h = taps(sw, dw, hOffset)
  const v = taps(sh, dh, vOffset)
  const tmp = new Float32Array(dw * sh)
  for (let y = 0; y < sh; y++) {
    const row = offset + y * sw
    for (let x = 0; x < dw; x++) {
      let acc = 0
      const f = h.first[x]!
      for (let k = 0; k < h.count; k++) {
        const w = h.weights[x * h.count + k]!
        if (w === 0) continue
        const sx = Math.min(sw - 1, Math.max(0, f + k))
        acc += w * src[row + sx]!
      }
      tmp[y * dw + x] = acc
    }
  }
  const out = new Float32Array(dw * dh)
  for (let y = 0; y < dh; y++) {
    const f = v.first[y]!
    for (let k = 0; k < v.count; k++) {
      const w = v.weights[y * v.count + k]!
      if (w === 0) continue
      const sy = Math.min(sh - 1, Math.max(0, f + k))
      const row = sy * dw
      for (let x = 0; x < dw; x++) out[y * dw + x]! += w * tmp[row + x]!
    }
  }
  return out
}

const clampByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v))

/**
 * Scales an I420 frame to `width` x `height` and converts it to rgb24 (BT.601 limited range).
 * @param frame the decoded frame, tightly packed.
 * @param width output width. @param height output height.
 * @returns packed RGB, `width * height * 3` bytes.
 * @example
 * const rgb = scaleI420ToRgb24({ data, width: 640, height: 480 }, 256, 256)
 */
export function scaleI420ToRgb24(frame: I420Frame, width: number, height: number): Uint8Array {
  const { data, width: sw, height: sh } = frame
  const cw = Math.ceil(sw / 2)
  const ch = Math.ceil(sh / 2)
  const dcw = Math.ceil(width / 2)
  const y = resamplePlane(data, 0, sw, sh, width, height)
  // chroma sits between its two luma columns and rows (centre siting), like the luma grid halved
  const u = resamplePlane(data, sw * sh, cw, ch, dcw, height, 0, 0)
  const v = resamplePlane(data, sw * sh + cw * ch, cw, ch, dcw, height, 0, 0)
  const out = new Uint8Array(width * height * 3)
  for (let row = 0; row < height; row++) {
    for (let x = 0; x < width; x++) {
      const i = row * width + x
      const c = row * dcw + (x >> 1)
      const l = 1.164 * (y[i]! - 16)
      const d = u[c]! - 128
      const e = v[c]! - 128
      out[i * 3] = clampByte(l + 1.596 * e)
      out[i * 3 + 1] = clampByte(l - 0.392 * d - 0.813 * e)
      out[i * 3 + 2] = clampByte(l + 2.017 * d)
    }
  }
  return out
}

/**
 * Converts an I420 frame to rgb24 at its own size (BT.601 limited range, chroma shared by each
 * 2x2 block), as the browser sees a returned frame.
 * @example
 * const rgb = i420ToRgb24({ data, width: 256, height: 256 })
 */
export function i420ToRgb24(frame: I420Frame): Uint8Array {
  const { data, width, height } = frame
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const uo = width * height
  const vo = uo + cw * ch
  const out = new Uint8Array(width * height * 3)
  for (let row = 0; row < height; row++) {
    const crow = (row >> 1) * cw
    for (let x = 0; x < width; x++) {
      const i = row * width + x
      const l = 1.164 * (data[i]! - 16)
      const d = data[uo + crow + (x >> 1)]! - 128
      const e = data[vo + crow + (x >> 1)]! - 128
      out[i * 3] = clampByte(l + 1.596 * e)
      out[i * 3 + 1] = clampByte(l - 0.392 * d - 0.813 * e)
      out[i * 3 + 2] = clampByte(l + 2.017 * d)
    }
  }
  return out
}
