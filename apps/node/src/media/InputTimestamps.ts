/**
 * Carries the RTP timestamp of each input frame through ffmpeg's decoder, so the frame the node
 * returns can be labelled with the timestamp of the frame it was computed from (the gateway
 * verifies AI output by lining the two up).
 *
 * ffmpeg's RTP demuxer turns RTP timestamps into presentation times relative to the first packet
 * it happened to receive, which the node cannot know (packets sent before ffmpeg bound its port
 * are lost). So the node rewrites each input frame's timestamp into a tag: frame k (k-th distinct
 * timestamp) gets `k * 3000 + h(k)`, with h a hash in [0, 1000). The decoder prints each decoded
 * frame's pts (the `metadata` filter, see {@link framePtsFilter}); pts = tag - B for one unknown
 * constant B. Because the tags are irregular, only one B puts two decoded frames' pts on known
 * tags at once: the node finds it from the first frames, then maps every pts back to the original
 * RTP timestamp.
 */

/** Spacing of the tags (one frame at 30 fps on the 90 kHz clock). */
const STEP = 3000
/** Tags remembered (and input frames that can still be resolved): about 30 s at 30 fps. */
const HISTORY = 1024
/** Decoded frames kept while looking for B. */
const MAX_PENDING = 16

const jitter = (k: number): number => {
  let x = Math.imul(k, 0x9e3779b1) >>> 0
  x ^= x >>> 15
  x = Math.imul(x, 0x85ebca6b) >>> 0
  x ^= x >>> 13
  return x % 1000
}

/**
 * The filter (prepend to the decoder's `-vf`) that makes ffmpeg write `frame:N pts:P …` for every
 * decoded frame to file descriptor `fd` (a pipe of the FfmpegProcess).
 * @example framePtsFilter(3) // 'metadata=mode=add:key=prism:value=1,metadata=mode=print:file=pipe\\\\:3:direct=1'
 */
export function framePtsFilter(fd: number): string {
  // `\\:` survives the filtergraph parser then the option parser as one literal colon
  return `metadata=mode=add:key=prism:value=1,metadata=mode=print:file=pipe\\\\:${fd}:direct=1`
}

/**
 * Splits the `metadata` filter's output into (decoded frame number, pts) pairs. Frames are
 * counted here, in order: the filter's own `frame:N` restarts at 0 whenever ffmpeg rebuilds the
 * filter graph (the sender changed resolution, which WebRTC does as bandwidth ramps up).
 *
 * @example
 * const log = new FramePtsLog((n, pts) => map.set(n, pts))
 * fd3.on('data', (chunk) => log.push(chunk.toString()))
 */
export class FramePtsLog {
  #rest = ''
  #count = 0
  constructor(private readonly onFrame: (frame: number, pts: number | undefined) => void) {}

  /**
   * Feeds output text; calls `onFrame` for each complete `frame:N pts:P` line, with the frame's
   * number in this log (0-based) and its pts (undefined for NOPTS).
   */
  push(text: string): void {
    const lines = (this.#rest + text).split('\n')
    this.#rest = lines.pop() ?? ''
    for (const line of lines) {
      const m = /^frame:\s*\d+\s+pts:\s*(\S+)/.exec(line)
      if (!m) continue
      const pts = /^-?\d+$/.test(m[1]!) ? Number(m[1]) : undefined
      this.onFrame(this.#count++, pts)
    }
  }
}

/**
 * Tags input RTP packets for the decoder and maps decoded frames back to their RTP timestamps.
 *
 * @example
 * const ts = new InputTimestamps()
 * sink.send(packet, ts.tag(rtpTimestampOf(packet)))       // before ffmpeg
 * ts.handleDecodedPts(frameIndex, pts)                     // from FramePtsLog
 * ts.inputTimestampOf(frameIndex)                          // original RTP timestamp, or undefined
 */
export class InputTimestamps {
  #frames = 0
  /** original RTP timestamp → tag */
  readonly #tagOf = new Map<number, number>()
  /** tag → original RTP timestamp */
  readonly #originalOf = new Map<number, number>()
  readonly #order: number[] = []
  /** decoded frame index → original RTP timestamp */
  readonly #resolved = new Map<number, number>()
  readonly #resolvedOrder: number[] = []
  #pending: Array<{ index: number; pts: number }> = []
  #offset: number | undefined
  #misses = 0
  #latest: number | undefined

  /**
   * The tag to write into a packet bound for the decoder.
   * @param rtpTimestamp the packet's RTP timestamp.
   */
  tag(rtpTimestamp: number): number {
    const known = this.#tagOf.get(rtpTimestamp)
    if (known !== undefined) return known
    this.#frames++
    const tag = (this.#frames * STEP + jitter(this.#frames)) >>> 0
    this.#tagOf.set(rtpTimestamp, tag)
    this.#originalOf.set(tag, rtpTimestamp)
    this.#order.push(rtpTimestamp)
    if (this.#order.length > HISTORY) {
      const old = this.#order.shift() as number
      const oldTag = this.#tagOf.get(old)
      this.#tagOf.delete(old)
      if (oldTag !== undefined) this.#originalOf.delete(oldTag)
    }
    this.#latest = rtpTimestamp
    return tag
  }

  /** The newest input RTP timestamp seen (undefined before the first packet). */
  get latest(): number | undefined {
    return this.#latest
  }

  /**
   * Records the pts the decoder printed for decoded frame `index`.
   * @param index the pipeline's frame index.
   * @param pts the pts, in 1/90000 s.
   */
  handleDecodedPts(index: number, pts: number): void {
    if (this.#offset !== undefined) {
      const original = this.#originalOf.get((pts + this.#offset) >>> 0)
      if (original !== undefined) {
        this.#misses = 0
        this.#remember(index, original)
        return
      }
      // three misses in a row: the decoder restarted or lost its clock; look for B again
      if (++this.#misses < 3) return
      this.#offset = undefined
      this.#misses = 0
    }
    this.#pending.push({ index, pts })
    if (this.#pending.length > MAX_PENDING) this.#pending.shift()
    this.#sync()
  }

  /** The RTP timestamp of the input frame decoded as frame `index`, once known. */
  inputTimestampOf(index: number): number | undefined {
    return this.#resolved.get(index)
  }

  /** Forgets the decoder's clock (call when the decoder restarts). Tags stay valid. */
  resetDecoder(): void {
    this.#offset = undefined
    this.#pending = []
    this.#misses = 0
  }

  #sync(): void {
    const pending = this.#pending
    if (pending.length < 2) return
    const [first] = pending
    let found: number | undefined
    let count = 0
    for (const tag of this.#originalOf.keys()) {
      const offset = (tag - first!.pts) >>> 0
      if (pending.every((p) => this.#originalOf.has((p.pts + offset) >>> 0))) {
        found = offset
        if (++count > 1) return // ambiguous: wait for another frame
      }
    }
    if (found === undefined) {
      pending.shift() // that frame's tag is gone (or never was): try without it
      return
    }
    this.#offset = found
    this.#pending = []
    for (const p of pending) {
      const original = this.#originalOf.get((p.pts + found) >>> 0)
      if (original !== undefined) this.#remember(p.index, original)
    }
  }

  #remember(index: number, original: number): void {
    this.#resolved.set(index, original)
    this.#resolvedOrder.push(index)
    if (this.#resolvedOrder.length > HISTORY) this.#resolved.delete(this.#resolvedOrder.shift() as number)
  }
}
