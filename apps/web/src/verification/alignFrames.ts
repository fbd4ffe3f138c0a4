/**
 * Lines up sent and returned frames by RTP timestamp. The orchestrator labels each returned frame
 * with the RTP timestamp of the input frame it computed it from (docs/web-app.md, "Verification"),
 * so a pair is exact: the recomputation runs on the very frame the node decoded.
 */

/** A sent frame and the frame computed from it. */
export type FramePair<S, R> = { sent: S; returned: R }

/**
 * Pairs returned frames with the sent frame of the same RTP timestamp.
 * @param sent decoded sent frames. @param returned returned frames.
 * @param max keep at most this many pairs, spread evenly over the matches (oldest first).
 * @returns the pairs (in the order of `returned`) and how many returned frames had no sent frame.
 * @example
 * alignFrames([{ ts: 1 }, { ts: 2 }], [{ ts: 2 }, { ts: 7 }]) // { pairs: [{ sent: {ts:2}, returned: {ts:2} }], unmatched: 1 }
 */
export function alignFrames<S extends { ts: number }, R extends { ts: number }>(
  sent: readonly S[],
  returned: readonly R[],
  max = Number.POSITIVE_INFINITY,
): { pairs: FramePair<S, R>[]; unmatched: number } {
  const byTs = new Map(sent.map((s) => [s.ts, s]))
  const all: FramePair<S, R>[] = []
  let unmatched = 0
  for (const r of returned) {
    const s = byTs.get(r.ts)
    if (s) all.push({ sent: s, returned: r })
    else unmatched++
  }
  if (all.length <= max) return { pairs: all, unmatched }
  const pairs: FramePair<S, R>[] = []
  for (let i = 0; i < max; i++) pairs.push(all[Math.floor((i * all.length) / max)]!)
  return { pairs, unmatched }
}

/**
 * Median of a list (the mean of the two middle values for an even count); NaN when empty.
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * How many of `timestamps` fall within the span of `sent` (RTP timestamps, 32-bit wrap-around):
 * returned frames that claim to come from the sampled stretch of the stream.
 * @example countWithin([100, 150, 300], [{ ts: 90 }, { ts: 200 }]) // 2
 */
export function countWithin(timestamps: readonly number[], sent: readonly { ts: number }[]): number {
  if (sent.length === 0) return 0
  const first = sent[0]!.ts
  const span = sent.reduce((m, f) => Math.max(m, (f.ts - first) >>> 0), 0)
  return timestamps.filter((ts) => (ts - first) >>> 0 <= span).length
}
