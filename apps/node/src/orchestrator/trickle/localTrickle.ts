/**
 * In-process access to trickle channels, for the node's own publishers and subscribers (the live
 * AI runner, payment clocking): whole segments in and out, with the protocol's semantics (the
 * next write index, the live edge, a jump to the latest segment when one fell out of the ring).
 */
import type { TrickleChannel } from './TrickleChannel.ts'

/**
 * Publishes one whole segment at the channel's next write index; returns its index, or undefined
 * when the channel is closed.
 * @example publishSegment(events, new TextEncoder().encode('{"type":"status"}'), Date.now())
 */
export function publishSegment(ch: TrickleChannel, data: Uint8Array, now: number): number | undefined {
  if (ch.closed) return undefined
  const idx = ch.nextWrite
  const seg = ch.forWrite(idx)
  ch.wrote(idx, now)
  seg.write(data)
  seg.close()
  return idx
}

/**
 * The channel's segments from the live edge on, each once it ended (whole), until the channel
 * closes. A reader that fell behind the ring jumps to the newest segment.
 * @example for await (const { idx, data } of readSegments(input)) handle(idx, data)
 */
export async function* readSegments(
  ch: TrickleChannel,
  start = -1,
): AsyncGenerator<{ idx: number; data: Uint8Array }> {
  let idx = ch.resolve(start)
  while (!ch.closed) {
    const seg = ch.forRead(idx)
    if (!seg) {
      idx = ch.nextWrite
      continue
    }
    await new Promise<void>((resolve) => seg.subscribe({ data() {}, end: resolve }))
    if (seg.size > 0) yield { idx: seg.idx, data: seg.bytesSoFar() }
    else if (ch.closed) return
    idx = seg.idx + 1
  }
}
