/**
 * FrameQueue: the one queue of the frame path (decoder → stage → encoder). Frames wait here while
 * the consumer (the stage, then the encoder) works on one at a time. It is bounded: when a frame
 * arrives and `capacity` frames already wait, the OLDEST waiting frame is dropped and counted, so
 * live output stays close to live input (the frame consumed next is always one of the newest
 * `capacity` frames). A file that must be read losslessly uses `capacity: Infinity` and pauses
 * its reader instead.
 */

/** Options of {@link FrameQueue}. */
export type FrameQueueOptions<T> = {
  /** Frames that may wait while one is consumed (≥ 1, or Infinity for no dropping). */
  capacity: number
  /** Consumes one frame; the queue awaits it before handing over the next. */
  consume: (frame: T) => void | Promise<void>
  /** Called for each frame dropped because the queue was full. Default: none. */
  onDrop?: (frame: T) => void
  /** A `consume` that throws stops the queue (waiting frames are discarded); called once with the error. */
  onError?: (error: unknown) => void
}

/**
 * Bounded, drop-oldest frame queue with one consumer.
 *
 * @example
 * const queue = new FrameQueue<VideoFrame>({ capacity: 2, consume: (f) => encode(f) })
 * decoder.on('frame', (f) => queue.push(f))   // under load, old frames go first
 * queue.dropped                                // frames dropped so far
 */
export class FrameQueue<T> {
  readonly capacity: number
  readonly #o: FrameQueueOptions<T>
  readonly #waiting: T[] = []
  readonly #idle: Array<() => void> = []
  #busy = false
  #stopped = false
  #dropped = 0

  /** @throws RangeError when `capacity` is below 1. */
  constructor(options: FrameQueueOptions<T>) {
    if (!(options.capacity >= 1))
      throw new RangeError(`FrameQueue capacity must be ≥ 1, got ${options.capacity}`)
    this.capacity = options.capacity
    this.#o = options
  }

  /** Frames waiting (not counting the one being consumed). */
  get length(): number {
    return this.#waiting.length
  }

  /** Frames dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped
  }

  /** True while a frame is being consumed. */
  get busy(): boolean {
    return this.#busy
  }

  /** Queues a frame; when the queue is full the oldest waiting frame is dropped first. Ignored once stopped. */
  push(frame: T): void {
    if (this.#stopped) return
    if (this.#waiting.length >= this.capacity) {
      const oldest = this.#waiting.shift() as T
      this.#dropped++
      this.#o.onDrop?.(oldest)
    }
    this.#waiting.push(frame)
    void this.#run()
  }

  /** Resolves when no frame waits and none is being consumed. */
  idle(): Promise<void> {
    if (!this.#busy && this.#waiting.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  /** Stops consuming and discards waiting frames (not counted as dropped). Idempotent. */
  stop(): void {
    this.#stopped = true
    this.#waiting.length = 0
    if (!this.#busy) this.#settle()
  }

  async #run(): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      while (this.#waiting.length > 0 && !this.#stopped) {
        const frame = this.#waiting.shift() as T
        try {
          await this.#o.consume(frame)
        } catch (err) {
          this.stop()
          this.#o.onError?.(err)
        }
      }
    } finally {
      this.#busy = false
      this.#settle()
    }
  }

  #settle(): void {
    for (const resolve of this.#idle.splice(0)) resolve()
  }
}
