import type { I420Frame } from './scaleI420.ts'

/**
 * Copies a WebCodecs VideoFrame (I420, I420A or NV12, as Chromium's decoders give them) into a
 * tightly packed I420 buffer of its visible rectangle. Does not close the frame.
 * @returns the frame, or undefined for a pixel format it cannot read (e.g. RGBA from a GPU path).
 * @example
 * const yuv = await videoFrameToI420(frame); frame.close()
 */
export async function videoFrameToI420(frame: VideoFrame): Promise<I420Frame | undefined> {
  const rect = frame.visibleRect
  if (!rect) return undefined
  const width = rect.width
  const height = rect.height
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const out = new Uint8Array(width * height + 2 * cw * ch)
  if (frame.format === 'I420' || frame.format === 'I420A') {
    const layout = [
      { offset: 0, stride: width },
      { offset: width * height, stride: cw },
      { offset: width * height + cw * ch, stride: cw },
    ]
    if (frame.format === 'I420A') {
      const tmp = new Uint8Array(frame.allocationSize())
      const planes = await frame.copyTo(tmp)
      copyPlane(tmp, planes[0]!, out, 0, width, width, height)
      copyPlane(tmp, planes[1]!, out, width * height, cw, cw, ch)
      copyPlane(tmp, planes[2]!, out, width * height + cw * ch, cw, cw, ch)
    } else await frame.copyTo(out, { layout })
    return { data: out, width, height }
  }
  if (frame.format === 'NV12') {
    const tmp = new Uint8Array(frame.allocationSize())
    const planes = await frame.copyTo(tmp)
    copyPlane(tmp, planes[0]!, out, 0, width, width, height)
    const uv = planes[1]!
    const uo = width * height
    const vo = uo + cw * ch
    for (let y = 0; y < ch; y++) {
      const row = uv.offset + y * uv.stride
      for (let x = 0; x < cw; x++) {
        out[uo + y * cw + x] = tmp[row + 2 * x]!
        out[vo + y * cw + x] = tmp[row + 2 * x + 1]!
      }
    }
    return { data: out, width, height }
  }
  return undefined
}

function copyPlane(
  src: Uint8Array,
  plane: PlaneLayout,
  dst: Uint8Array,
  dstOffset: number,
  dstStride: number,
  width: number,
  height: number,
): void {
  for (let y = 0; y < height; y++) {
    const from = plane.offset + y * plane.stride
    dst.set(src.subarray(from, from + width), dstOffset + y * dstStride)
  }
}
