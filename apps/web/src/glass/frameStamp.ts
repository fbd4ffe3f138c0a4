/** Bits in a frame stamp (frame numbers wrap at 2^BITS). */
export const STAMP_BITS = 12
/** Side of one stamp block in pixels (large enough to survive codecs, scaling and filters). */
export const STAMP_BLOCK = 32

/**
 * Draws frame number `n` as a row of black/white blocks at the top of a canvas (bit i → block i;
 * white = 1), framed by a white start block and a black end block used as references.
 * @example drawStamp(ctx, 42)
 */
export function drawStamp(ctx: CanvasRenderingContext2D, n: number): void {
  const b = STAMP_BLOCK
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, b, b)
  ctx.fillStyle = '#000'
  ctx.fillRect(b, 0, b, b)
  for (let i = 0; i < STAMP_BITS; i++) {
    ctx.fillStyle = (n >> i) & 1 ? '#fff' : '#000'
    ctx.fillRect((i + 2) * b, 0, b, b)
  }
}

/**
 * Reads a stamp from RGBA pixels of the top rows (width `w`, at least STAMP_BLOCK rows), sampling
 * the centre of each block and thresholding halfway between the white and black references.
 * @param rgba pixels, row-major RGBA.
 * @param w image width.
 * @param scale image width / stamp canvas width (the returned video may be scaled).
 * @returns the frame number, or undefined when the references are not distinguishable.
 * @example readStamp(imageData.data, 512, 1)
 */
export function readStamp(rgba: Uint8ClampedArray, w: number, scale: number): number | undefined {
  const lum = (x: number, y: number) => {
    let sum = 0
    let count = 0
    for (let dy = -3; dy <= 3; dy++)
      for (let dx = -3; dx <= 3; dx++) {
        const px = Math.round(x) + dx
        const py = Math.round(y) + dy
        const i = (py * w + px) * 4
        sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!
        count++
      }
    return sum / count
  }
  const c = (STAMP_BLOCK / 2) * scale
  const white = lum(c, c)
  const black = lum(c + STAMP_BLOCK * scale, c)
  if (white - black < 40) return undefined
  const mid = (white + black) / 2
  let n = 0
  for (let i = 0; i < STAMP_BITS; i++) if (lum(c + (i + 2) * STAMP_BLOCK * scale, c) > mid) n |= 1 << i
  return n
}

/**
 * Percentile of a list (nearest rank).
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}
