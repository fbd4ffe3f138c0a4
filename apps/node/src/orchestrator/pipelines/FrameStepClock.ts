/**
 * Per-frame step timing of a frame pipeline (issue 18, "where the AI path's latency goes"). A
 * pipeline stamps each frame as it passes the points it sees and hands the finished record to
 * `/metrics` (`prism_frame_step_seconds`, one histogram per step):
 *
 * - `decode`: the first RTP packet of the input frame reached the node → the raw frame was read
 *   from the decoder (RTP input only, once the frame's input timestamp is known);
 * - `queue`: raw frame read → its stage starts (time spent in the FrameQueue);
 * - the stage's own steps (`to_tensor`, `infer`, `from_tensor` for `ai`);
 * - `encode_write`: the frame written to the encoder's stdin (drain included);
 * - `encode`: written → the encoder's first RTP packet of that frame (return stream only).
 */

/** Milliseconds per step name, for one frame. */
export type FrameSteps = Record<string, number>

/** Frames remembered while waiting for their RTP arrival or encoded output (a stalled encoder). */
const HISTORY = 256

/**
 * Remembers when input frames arrived and when output frames were written, to compute the
 * `decode` and `encode` steps.
 *
 * @example
 * const clock = new FrameStepClock()
 * clock.packetArrived(rtpTimestamp)                  // every input RTP packet
 * const decode = clock.decodeMs(inputTs, decodedAt)  // at write time
 * clock.frameWritten(Date.now() - ...)               // after stdin.write
 * const encode = clock.encodedPacket(encoderTs)      // every return RTP packet
 */
export class FrameStepClock {
  /** Original RTP timestamp → performance.now() of its first packet. */
  readonly #arrived = new Map<number, number>()
  /** performance.now() of frames written to the encoder, oldest first. */
  readonly #written: number[] = []
  #encoderTs: number | undefined

  /** Records the arrival of an input RTP packet (only the first packet of a frame counts). */
  packetArrived(rtpTimestamp: number, at = performance.now()): void {
    if (this.#arrived.has(rtpTimestamp)) return
    this.#arrived.set(rtpTimestamp, at)
    if (this.#arrived.size > HISTORY) this.#arrived.delete(this.#arrived.keys().next().value as number)
  }

  /** Milliseconds from the input frame's first packet to `decodedAt`, or undefined if unknown. */
  decodeMs(inputTimestamp: number | undefined, decodedAt: number): number | undefined {
    if (inputTimestamp === undefined) return undefined
    const at = this.#arrived.get(inputTimestamp)
    return at === undefined ? undefined : Math.max(0, decodedAt - at)
  }

  /** Records a frame written to the return encoder (which emits one RTP frame per frame, in order). */
  frameWritten(at = performance.now()): void {
    this.#written.push(at)
    if (this.#written.length > HISTORY) this.#written.shift()
  }

  /**
   * Call with the encoder's RTP timestamp of every return packet, before any rewrite.
   * @returns milliseconds since its frame was written, on a frame's first packet; else undefined.
   */
  encodedPacket(encoderTs: number, at = performance.now()): number | undefined {
    if (encoderTs === this.#encoderTs) return undefined
    this.#encoderTs = encoderTs
    const written = this.#written.shift()
    return written === undefined ? undefined : Math.max(0, at - written)
  }
}
