/**
 * Raw video frames as they move between the decoder, frame stages and the encoder.
 */

/** Pixel layout of a raw frame: planar I420 (YUV 4:2:0) or packed RGB24. */
export type FrameFormat = 'i420' | 'rgb24'

/** One decoded frame. `data` is exactly `frameSize(format, width, height)` bytes. */
export type VideoFrame = {
  format: FrameFormat
  width: number
  height: number
  /** Presentation time in milliseconds since the pipeline started. */
  pts: number
  /** Sequence number of the frame in the pipeline (0-based). */
  index: number
  data: Uint8Array
}

/** Bytes of one frame of the given format and size. */
export function frameSize(format: FrameFormat, width: number, height: number): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * ((width >> 1) * (height >> 1))
}

/**
 * Splits a byte stream (ffmpeg rawvideo on stdout) into frames of a fixed size, with one reusable
 * assembly buffer per frame.
 *
 * @example
 * const r = new FrameAssembler(640 * 360 * 3 / 2, (buf) => handle(buf))
 * stdout.on('data', (chunk) => r.push(chunk))
 */
export class FrameAssembler {
  #buf: Buffer
  #filled = 0
  constructor(
    readonly frameBytes: number,
    private readonly onFrame: (frame: Buffer) => void,
  ) {
    this.#buf = Buffer.allocUnsafe(frameBytes)
  }

  /** Feeds a chunk; calls `onFrame` for every completed frame (the buffer is handed over). */
  push(chunk: Buffer): void {
    let off = 0
    while (off < chunk.length) {
      const n = Math.min(this.frameBytes - this.#filled, chunk.length - off)
      chunk.copy(this.#buf, this.#filled, off, off + n)
      this.#filled += n
      off += n
      if (this.#filled === this.frameBytes) {
        const full = this.#buf
        this.#buf = Buffer.allocUnsafe(this.frameBytes)
        this.#filled = 0
        this.onFrame(full)
      }
    }
  }
}
