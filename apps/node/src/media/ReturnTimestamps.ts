/**
 * Labels the frames of the return stream with the RTP timestamp of the input frame each one was
 * computed from, so a gateway can line up what it sent with what came back (AI verification).
 *
 * The return encoder (ffmpeg, raw frames on stdin, RTP out) emits exactly one RTP frame per frame
 * written, in order (no B-frames, no frame dropping). So the pipeline calls {@link
 * ReturnTimestamps.frameWritten} with each written frame's input timestamp, and every packet the
 * encoder sends goes through {@link ReturnTimestamps.rewrite}: the first packet of each new encoder
 * frame takes the next queued input timestamp. A frame whose input timestamp is unknown (the first
 * frames, while the decoder's clock is being matched) or not newer than the previous one gets the
 * previous timestamp + 1 (the newest input timestamp + 1 for the very first frame): still
 * increasing, and never equal to a real input timestamp (those are at least 1 ms = 90 ticks
 * apart), so a gateway finds no input frame for it.
 */

/** Frames written but not yet seen on the RTP output, kept at most (a stalled encoder). */
const MAX_QUEUED = 256

/** `a` is after `b` on the 32-bit RTP clock. */
const isAfter = (a: number, b: number): boolean => a !== b && (a - b) >>> 0 < 0x80000000

/**
 * Rewrites return-stream RTP timestamps.
 *
 * @example
 * const rt = new ReturnTimestamps(() => inputs.latest)
 * rt.frameWritten(inputs.inputTimestampOf(frame.index)); encoder.write(frame.data)
 * source.on('packet', (pkt) => send(rt.rewrite(pkt)))
 */
export class ReturnTimestamps {
  readonly #queue: Array<number | undefined> = []
  #encoderTs: number | undefined
  #current: number | undefined

  /** @param latestInput the newest input RTP timestamp seen, for frames without their own. */
  constructor(private readonly latestInput: () => number | undefined = () => undefined) {}

  /** Queues the input RTP timestamp of a frame just written to the encoder (undefined if unknown). */
  frameWritten(inputTimestamp: number | undefined): void {
    this.#queue.push(inputTimestamp)
    if (this.#queue.length > MAX_QUEUED) this.#queue.shift()
  }

  /**
   * Rewrites the timestamp of one RTP packet from the encoder, in place.
   * @returns the same buffer.
   */
  rewrite(packet: Buffer): Buffer {
    if (packet.length < 12) return packet
    const encoderTs = packet.readUInt32BE(4)
    if (encoderTs !== this.#encoderTs) {
      this.#encoderTs = encoderTs
      this.#current = this.#next(this.#queue.shift())
    }
    packet.writeUInt32BE(this.#current as number, 4)
    return packet
  }

  #next(input: number | undefined): number {
    const prev = this.#current
    if (input !== undefined && (prev === undefined || isAfter(input, prev))) return input
    return ((prev ?? this.latestInput() ?? this.#encoderTs ?? 0) + 1) >>> 0
  }
}
