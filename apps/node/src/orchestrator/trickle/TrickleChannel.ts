/**
 * A trickle channel: a ring of {@link RING_SIZE} segments (slot = idx mod 5), the next write
 * index, the MIME type subscribers get and whether it is closed. Publishing and subscribing by
 * index follow the trickle protocol: `-1` is the next write index (the live edge), `-2` the
 * segment being written.
 */
import { TrickleSegment } from './TrickleSegment.ts'

/** Segments a channel keeps. */
export const RING_SIZE = 5

/** One channel of the trickle server. */
export class TrickleChannel {
  /** The channel's name (one path segment). */
  readonly name: string
  /** MIME type served to subscribers. */
  readonly mime: string
  private readonly ring: (TrickleSegment | undefined)[] = new Array(RING_SIZE)
  private next = 0
  private ended = false
  private readonly closeListeners = new Set<() => void>()
  private readonly writeListeners = new Set<(idx: number) => void>()
  /** Time of the last write (or of creation), for the idle sweep. */
  lastWriteAt: number

  /**
   * @param name the channel's name
   * @param mime the MIME type subscribers get
   * @param now the creation time (ms)
   */
  constructor(name: string, mime: string, now: number) {
    this.name = name
    this.mime = mime
    this.lastWriteAt = now
  }

  /** The next write index. */
  get nextWrite(): number {
    return this.next
  }

  /** `true` once the channel is closed. */
  get closed(): boolean {
    return this.ended
  }

  /** Resolves `-1` (next write) and `-2` (being written); other indexes are returned as they are. */
  resolve(idx: number): number {
    if (idx === -1) return this.next
    if (idx === -2) return Math.max(0, this.next - 1)
    return idx
  }

  /** The segment with that exact index, if the ring still holds it. */
  get(idx: number): TrickleSegment | undefined {
    const seg = this.ring[slot(idx)]
    return seg && seg.idx === idx ? seg : undefined
  }

  /**
   * The segment a publisher writes `idx` into: the one the ring holds (pre-created by a
   * subscriber) while it is open, else a new one replacing whatever the slot held.
   */
  forWrite(idx: number): TrickleSegment {
    const held = this.ring[slot(idx)]
    if (held && held.idx === idx && !held.closed) return held
    held?.close()
    const seg = new TrickleSegment(idx)
    this.ring[slot(idx)] = seg
    return seg
  }

  /**
   * The segment a subscriber reads: the one held, else (open channel, `idx` the next write index,
   * or `1` before the first write) a pre-created one the subscriber waits on, else undefined.
   */
  forRead(idx: number): TrickleSegment | undefined {
    const held = this.get(idx)
    if (held) return held
    if (this.ended || idx < 0) return undefined
    if (idx === this.next || (this.next === 0 && idx === 1)) return this.forWrite(idx)
    return undefined
  }

  /** Records the first byte of segment `idx`: the next write index becomes `idx + 1`. */
  wrote(idx: number, now: number): void {
    this.next = idx + 1
    this.lastWriteAt = now
    for (const l of this.writeListeners) l(idx)
  }

  /** Calls `listener` with the index of each segment whose first byte arrives. Returns the remover. */
  onWrite(listener: (idx: number) => void): () => void {
    this.writeListeners.add(listener)
    return () => void this.writeListeners.delete(listener)
  }

  /** Closes every segment with an index below `idx` (`Lp-Trickle-Reset`). */
  resetBelow(idx: number): void {
    for (const seg of this.ring) if (seg && seg.idx < idx) seg.close()
  }

  /** Closes the channel and every segment (waking subscribers and preconnected publishers). */
  close(): void {
    if (this.ended) return
    this.ended = true
    this.writeListeners.clear()
    for (const seg of this.ring) seg?.close()
    const listeners = [...this.closeListeners]
    this.closeListeners.clear()
    for (const l of listeners) l()
  }

  /** Calls `listener` when the channel closes (at once if it is closed). Returns the remover. */
  onClose(listener: () => void): () => void {
    if (this.ended) {
      listener()
      return () => {}
    }
    this.closeListeners.add(listener)
    return () => void this.closeListeners.delete(listener)
  }
}

function slot(idx: number): number {
  return ((idx % RING_SIZE) + RING_SIZE) % RING_SIZE
}
