/** An RGB frame, 3 bytes per pixel, row-major (the `Rgb24Frame` of @prism/gpu). */
export type CapturedFrame = { data: Uint8Array; width: number; height: number; at: number }

/**
 * Draws the current frame of a video element scaled to width × height and returns it as RGB24.
 * @param video a playing video element.
 * @param width output width. @param height output height.
 * @param canvas a reusable canvas (resized as needed).
 * @returns the frame, or undefined while the video has no frame.
 * @example
 * const f = captureFrame(video, 256, 256, document.createElement('canvas'))
 */
export function captureFrame(
  video: HTMLVideoElement,
  width: number,
  height: number,
  canvas: HTMLCanvasElement,
): CapturedFrame | undefined {
  if (video.readyState < 2 || video.videoWidth === 0) return undefined
  if (canvas.width !== width) canvas.width = width
  if (canvas.height !== height) canvas.height = height
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) return undefined
  ctx.drawImage(video, 0, 0, width, height)
  const rgba = ctx.getImageData(0, 0, width, height).data
  return { data: rgbaToRgb(rgba), width, height, at: performance.now() }
}

/**
 * Drops the alpha channel.
 * @example rgbaToRgb(new Uint8ClampedArray([1, 2, 3, 255])) // Uint8Array [1, 2, 3]
 */
export function rgbaToRgb(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const n = rgba.length / 4
  const out = new Uint8Array(n * 3)
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[j] = rgba[i * 4]!
    out[j + 1] = rgba[i * 4 + 1]!
    out[j + 2] = rgba[i * 4 + 2]!
  }
  return out
}

/**
 * Mean of each colour channel (a cheap summary used by the UI and tests).
 * @example meanRgb({ data: new Uint8Array([10, 20, 30]), width: 1, height: 1 }) // [10, 20, 30]
 */
export function meanRgb(frame: { data: Uint8Array }): [number, number, number] {
  let r = 0
  let g = 0
  let b = 0
  const n = frame.data.length / 3
  for (let i = 0; i < frame.data.length; i += 3) {
    r += frame.data[i]!
    g += frame.data[i + 1]!
    b += frame.data[i + 2]!
  }
  return n ? [r / n, g / n, b / n] : [0, 0, 0]
}
