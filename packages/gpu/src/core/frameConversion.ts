/**
 * Conversion between 8-bit frames (packed rgb24, planar I420) and NCHW float32 tensors in [0, 1]
 * (1x3xHxW: all R, then all G, then all B). Every function writes into a buffer the caller
 * allocated once, so a running pipeline makes no per-frame allocations.
 *
 * I420 uses BT.601 limited range (Y 16–235, Cb/Cr 16–240), as ffmpeg's default rgb24<->yuv420p
 * conversion does; chroma is subsampled by averaging each 2x2 block.
 */
import { FrameSizeInvalidError } from './errors.ts'

/** Bytes of an rgb24 frame. */
export function rgb24Size(width: number, height: number): number {
  return width * height * 3
}

/** Elements of a 1x3xHxW tensor. */
export function nchwSize(width: number, height: number): number {
  return width * height * 3
}

/** Bytes of an I420 frame (odd sizes round the chroma planes up). */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2)
}

function check(what: string, buffer: { length: number }, expected: number): void {
  if (buffer.length !== expected) throw new FrameSizeInvalidError(what, expected, buffer.length)
}

const clampByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v))

/** `i / 255` for every byte value (a table lookup is cheaper than a multiply per sample). */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, i) => i / 255)

/**
 * rgb24 (packed RGBRGB…) to NCHW float32 in [0, 1].
 *
 * @throws FRAME_SIZE_INVALID when a buffer has the wrong length.
 * @example
 * const tensor = new Float32Array(nchwSize(w, h)) // once
 * rgb24ToNchw(frame, w, h, tensor)                 // per frame
 */
export function rgb24ToNchw(src: Uint8Array, width: number, height: number, out: Float32Array): void {
  const plane = width * height
  check('rgb24 frame', src, plane * 3)
  check('NCHW tensor', out, plane * 3)
  const lut = BYTE_TO_UNIT
  const g = plane
  const b = 2 * plane
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[i] = lut[src[p]!]!
    out[i + g] = lut[src[p + 1]!]!
    out[i + b] = lut[src[p + 2]!]!
  }
}

/**
 * NCHW float32 (values clamped to [0, 1]) to rgb24, rounding to the nearest byte.
 *
 * @throws FRAME_SIZE_INVALID when a buffer has the wrong length.
 * @example
 * nchwToRgb24(tensor, w, h, frame)
 */
export function nchwToRgb24(src: Float32Array, width: number, height: number, out: Uint8Array): void {
  const plane = width * height
  check('NCHW tensor', src, plane * 3)
  check('rgb24 frame', out, plane * 3)
  // A clamped view stores each value clamped to [0, 255] and rounded in one native step (NaN
  // gives 0): the same bytes as clampByte, since x * 255 of a float32 x is never k + 0.5 except
  // at 127.5, which both round to 128.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length)
  const g = plane
  const b = 2 * plane
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    clamped[p] = src[i]! * 255
    clamped[p + 1] = src[i + g]! * 255
    clamped[p + 2] = src[i + b]! * 255
  }
}

/**
 * I420 (BT.601 limited range) to NCHW float32 in [0, 1].
 *
 * @throws FRAME_SIZE_INVALID when a buffer has the wrong length.
 * @example
 * i420ToNchw(yuv, w, h, tensor)
 */
export function i420ToNchw(src: Uint8Array, width: number, height: number, out: Float32Array): void {
  const plane = width * height
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  check('I420 frame', src, plane + 2 * cw * ch)
  check('NCHW tensor', out, plane * 3)
  const uOffset = plane
  const vOffset = plane + cw * ch
  const k = 1 / 255
  for (let y = 0; y < height; y++) {
    const crow = (y >> 1) * cw
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const c = 1.164 * (src[i]! - 16)
      const d = src[uOffset + crow + (x >> 1)]! - 128
      const e = src[vOffset + crow + (x >> 1)]! - 128
      out[i] = clamp01((c + 1.596 * e) * k)
      out[i + plane] = clamp01((c - 0.392 * d - 0.813 * e) * k)
      out[i + 2 * plane] = clamp01((c + 2.017 * d) * k)
    }
  }
}

/**
 * NCHW float32 in [0, 1] to I420 (BT.601 limited range, chroma averaged over 2x2 blocks).
 *
 * @throws FRAME_SIZE_INVALID when a buffer has the wrong length.
 * @example
 * nchwToI420(tensor, w, h, yuv)
 */
export function nchwToI420(src: Float32Array, width: number, height: number, out: Uint8Array): void {
  const plane = width * height
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  check('NCHW tensor', src, plane * 3)
  check('I420 frame', out, plane + 2 * cw * ch)
  for (let i = 0; i < plane; i++) {
    const r = clamp01(src[i]!) * 255
    const g = clamp01(src[i + plane]!) * 255
    const b = clamp01(src[i + 2 * plane]!) * 255
    out[i] = clampByte(16 + 0.257 * r + 0.504 * g + 0.098 * b)
  }
  const uOffset = plane
  const vOffset = plane + cw * ch
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let r = 0
      let g = 0
      let b = 0
      let n = 0
      for (let dy = 0; dy < 2; dy++) {
        const y = 2 * cy + dy
        if (y >= height) continue
        for (let dx = 0; dx < 2; dx++) {
          const x = 2 * cx + dx
          if (x >= width) continue
          const i = y * width + x
          r += clamp01(src[i]!)
          g += clamp01(src[i + plane]!)
          b += clamp01(src[i + 2 * plane]!)
          n++
        }
      }
      const s = 255 / n
      r *= s
      g *= s
      b *= s
      out[uOffset + cy * cw + cx] = clampByte(128 - 0.148 * r - 0.291 * g + 0.439 * b)
      out[vOffset + cy * cw + cx] = clampByte(128 + 0.439 * r - 0.368 * g - 0.071 * b)
    }
  }
}

function clamp01(v: number): number {
  return Math.min(Math.max(v, 0), 1)
}
