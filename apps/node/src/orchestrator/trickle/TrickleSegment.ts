/**
 * One trickle segment: bytes streamed in by one publisher and relayed live to any number of
 * subscribers. A subscriber that joins mid-segment first gets everything buffered so far, then the
 * rest as it arrives; every subscriber is told when the segment ends.
 */

/** What a subscriber is called with. */
export type SegmentListener = {
  /** A chunk of the segment, in order. */
  data(chunk: Uint8Array): void
  /** The segment ended (publisher finished, or the segment was closed). */
  end(): void
}

/** One segment of a channel's ring. */
export class TrickleSegment {
  /** The segment's index in its channel. */
  readonly idx: number
  private readonly chunks: Uint8Array[] = []
  private readonly listeners = new Set<SegmentListener>()
  private bytes = 0
  private ended = false

  /** @param idx the segment's index */
  constructor(idx: number) {
    this.idx = idx
  }

  /** `true` once the segment ended (no more data). */
  get closed(): boolean {
    return this.ended
  }

  /** Bytes written so far. */
  get size(): number {
    return this.bytes
  }

  /** Appends a chunk and relays it to the subscribers. Ignored once closed. */
  write(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0) return
    this.chunks.push(chunk)
    this.bytes += chunk.length
    for (const l of this.listeners) l.data(chunk)
  }

  /** Ends the segment and wakes every subscriber. Idempotent. */
  close(): void {
    if (this.ended) return
    this.ended = true
    const listeners = [...this.listeners]
    this.listeners.clear()
    for (const l of listeners) l.end()
  }

  /**
   * Subscribes: the buffered chunks are delivered at once, then live ones; `end` comes when the
   * segment ends (at once if it already has). Returns the unsubscribe function.
   */
  subscribe(listener: SegmentListener): () => void {
    for (const c of this.chunks) listener.data(c)
    if (this.ended) {
      listener.end()
      return () => {}
    }
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** The whole segment once it ended (buffered bytes so far while open). */
  bytesSoFar(): Uint8Array {
    return Buffer.concat(this.chunks, this.bytes)
  }
}
