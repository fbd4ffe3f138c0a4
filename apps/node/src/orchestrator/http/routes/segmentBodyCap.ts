/**
 * The most bytes `POST /segment` reads for one segment, from what its signed `Livepeer-Segment`
 * header says before any body byte is read: its duration and the renditions it asks for.
 *
 *     cap = min(maxSegmentBytes, 1 MiB + seconds × (32 Mbit/s + 8 × top rendition bitrate) / 8)
 *
 * `seconds` is SegData.duration (ms) / 1000, at most 60; a segment that states no duration gets
 * `maxSegmentBytes`. A 2 s segment for a 240p ladder may carry about 10 MB, one for a 720p60
 * ladder about 21 MB: far above real sources (a 1080p60 source is ~6-12 Mbit/s), far below 300 MB.
 */
import type { VideoProfile } from '../../../media/profiles.ts'

/** Source bitrate every segment is allowed whatever its ladder, bit/s. */
export const SEGMENT_BASE_BITS_PER_SECOND = 32_000_000
/** The source may carry this many times the bitrate of the ladder's top rendition on top of the base. */
export const SEGMENT_TOP_RENDITION_FACTOR = 8
/** Bytes allowed on top of the rate (container overhead, very short segments). */
export const SEGMENT_SLACK_BYTES = 1024 * 1024
/** Longest duration the cap believes, seconds. */
export const SEGMENT_MAX_SECONDS = 60

/**
 * The body limit of one segment.
 *
 * @param durationMs SegData.duration (0 or undefined: unknown).
 * @param profiles the renditions the segment asks for.
 * @param maxSegmentBytes the node's configured limit (the cap never exceeds it).
 * @example
 * segmentBodyCap(2000, profilesByName(['P240p30fps16x9']), 300 * 2 ** 20) // 10_248_576
 */
export function segmentBodyCap(
  durationMs: number | undefined,
  profiles: readonly VideoProfile[],
  maxSegmentBytes: number,
): number {
  if (!durationMs || durationMs <= 0) return maxSegmentBytes
  const seconds = Math.min(durationMs / 1000, SEGMENT_MAX_SECONDS)
  const topKbps = Math.max(0, ...profiles.map((p) => p.bitrateKbps))
  const bitsPerSecond = SEGMENT_BASE_BITS_PER_SECOND + SEGMENT_TOP_RENDITION_FACTOR * topKbps * 1000
  return Math.min(maxSegmentBytes, SEGMENT_SLACK_BYTES + Math.ceil((seconds * bitsPerSecond) / 8))
}
