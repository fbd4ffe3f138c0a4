import { SegmentDurationInvalidError } from './errors.ts'

/** Duration an orchestrator assumes for a segment that says 0 ms. */
export const DEFAULT_SEGMENT_DURATION_MS = 2000
/** Longest segment an orchestrator accepts (5 min). */
export const MAX_SEGMENT_DURATION_MS = 300_000

/**
 * A received SegData duration as an orchestrator reads it: 0 → 2000 ms.
 * @throws WIRE_SEGMENT_DURATION_INVALID (`invalid duration`) below 0 or above 300,000 ms.
 * @example segmentDurationMs(0) // 2000
 */
export function segmentDurationMs(durationMs: number): number {
  if (!Number.isInteger(durationMs) || durationMs < 0 || durationMs > MAX_SEGMENT_DURATION_MS)
    throw new SegmentDurationInvalidError(durationMs)
  return durationMs === 0 ? DEFAULT_SEGMENT_DURATION_MS : durationMs
}
