import type { I420Frame } from './scaleI420.ts'

/** Messages of the input tap worker (inputTap.worker.ts) to the page. */
export type InputTapMessage =
  | { type: 'frame'; ts: number; width: number; height: number; data: Uint8Array }
  | { type: 'status'; decoding: boolean; error?: string }
  /** An encoded frame went out while armed (posted before it is decoded). */
  | { type: 'sent'; ts: number }

/** A decoded sent frame with the RTP timestamp it went out with. */
export type SentFrame = I420Frame & { ts: number }

/** Whether this browser can tap the encoded frames it sends (Chromium, Safari). */
export function canTapInput(): boolean {
  return typeof RTCRtpScriptTransform === 'function' && typeof VideoDecoder === 'function'
}

/**
 * The page side of the sender's encoded transform: installs it on the video sender (before the
 * offer, so it sees the first keyframe) and collects the decoded frames the worker posts while
 * armed. One per stream session; {@link InputTap.close} ends the worker.
 *
 * @example
 * const tap = InputTap.install(sender)
 * const sent = await tap.collect(30, 1500) // up to 30 decoded sent frames, within 1.5 s
 */
export class InputTap {
  readonly #worker: Worker
  readonly #port: MessagePort
  #decoding = false
  #error: string | undefined
  #sink: ((f: SentFrame) => void) | undefined
  #sentSink: ((ts: number) => void) | undefined

  private constructor(sender: RTCRtpSender) {
    this.#worker = new Worker(new URL('./inputTap.worker.ts', import.meta.url), { type: 'module' })
    const channel = new MessageChannel()
    this.#port = channel.port1
    this.#port.onmessage = (m: MessageEvent<InputTapMessage>) => {
      const msg = m.data
      if (msg.type === 'status') {
        this.#decoding = msg.decoding
        this.#error = msg.error
      } else if (msg.type === 'sent') this.#sentSink?.(msg.ts)
      else this.#sink?.({ ts: msg.ts, width: msg.width, height: msg.height, data: msg.data })
    }
    sender.transform = new RTCRtpScriptTransform(this.#worker, { port: channel.port2 }, [channel.port2])
  }

  /** Installs the tap on a video sender. */
  static install(sender: RTCRtpSender): InputTap {
    return new InputTap(sender)
  }

  /** True once the worker decodes the sent stream (it saw a keyframe). */
  get decoding(): boolean {
    return this.#decoding
  }

  /** The worker's last decoder error, if any. */
  get error(): string | undefined {
    return this.#error
  }

  /**
   * Collects the next `count` decoded sent frames, or those decoded within `ms`.
   * @param onSent called with the RTP timestamp of each frame sent meanwhile, as soon as it leaves
   * the encoder (before it is decoded here): to start matching returned frames at once.
   */
  async collect(count: number, ms: number, onSent?: (ts: number) => void): Promise<SentFrame[]> {
    const frames: SentFrame[] = []
    this.#sentSink = onSent
    this.#port.postMessage({ type: 'arm', frames: count })
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.#sink = (f) => {
        frames.push(f)
        if (frames.length >= count) {
          clearTimeout(timer)
          resolve()
        }
      }
    })
    this.#sink = undefined
    this.#sentSink = undefined
    this.#port.postMessage({ type: 'disarm' })
    return frames
  }

  /** Stops the worker. */
  close(): void {
    this.#sink = undefined
    this.#sentSink = undefined
    this.#port.close()
    this.#worker.terminate()
  }
}
