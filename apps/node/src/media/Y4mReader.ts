/**
 * Parses a YUV4MPEG2 stream (ffmpeg `-f yuv4mpegpipe`) into I420 frames with their size, so a
 * decoder's output can be read without knowing the picture size in advance.
 */

/** One decoded I420 frame. */
export type Y4mFrame = { width: number; height: number; data: Buffer }

/**
 * Incremental y4m parser.
 *
 * @example
 * const r = new Y4mReader((f) => console.log(f.width, f.height))
 * ffmpeg.stdout.on('data', (c) => r.push(c))
 */
export class Y4mReader {
  #pending: Buffer = Buffer.alloc(0)
  #width = 0
  #height = 0
  constructor(private readonly onFrame: (frame: Y4mFrame) => void) {}

  /** Feeds bytes. */
  push(chunk: Buffer): void {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk
    for (;;) {
      const nl = this.#pending.indexOf(0x0a)
      if (nl < 0) return
      const line = this.#pending.subarray(0, nl).toString('latin1')
      if (line.startsWith('YUV4MPEG2')) {
        for (const tok of line.split(' ')) {
          if (tok.startsWith('W')) this.#width = Number(tok.slice(1))
          if (tok.startsWith('H')) this.#height = Number(tok.slice(1))
        }
        this.#pending = this.#pending.subarray(nl + 1)
        continue
      }
      if (!line.startsWith('FRAME')) {
        this.#pending = Buffer.alloc(0)
        return
      }
      const size = this.#width * this.#height + 2 * ((this.#width >> 1) * (this.#height >> 1))
      if (this.#pending.length < nl + 1 + size) return
      const data = Buffer.from(this.#pending.subarray(nl + 1, nl + 1 + size))
      this.#pending = this.#pending.subarray(nl + 1 + size)
      this.onFrame({ width: this.#width, height: this.#height, data })
    }
  }
}
