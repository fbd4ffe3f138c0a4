/**
 * Video profile look-ups for the gateway (`-transcodingOptions`), over
 * `@prism/protocol`'s {@link VIDEO_PROFILES} table (docs/protocol.md §10). They answer the node's
 * `SEGMENT_PROFILE_UNKNOWN` (400) instead of the protocol's `PROFILE_UNKNOWN`.
 */
import { getVideoProfile, type VideoProfile } from '@prism/protocol'
import { SegmentProfileUnknownError } from './errors.ts'

export type { VideoProfile }

/**
 * Looks profiles up by name.
 *
 * @throws SegmentProfileUnknownError (`SEGMENT_PROFILE_UNKNOWN`) for an unknown name or an empty list.
 * @example
 * profilesByName(['P240p30fps16x9', 'P360p30fps16x9']).map((p) => p.width) // [426, 640]
 */
export function profilesByName(names: readonly string[]): VideoProfile[] {
  if (names.length === 0) throw new SegmentProfileUnknownError('no profile requested')
  return names.map((n) => {
    try {
      return getVideoProfile(n.trim())
    } catch {
      throw new SegmentProfileUnknownError(`unknown profile "${n}"`)
    }
  })
}
