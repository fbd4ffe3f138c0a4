/**
 * Video profile look-ups for the gateway and the orchestrator's `POST /segment`, over
 * `@prism/protocol`'s {@link VIDEO_PROFILES} table (docs/protocol.md §10). They answer the node's
 * `SEGMENT_PROFILE_UNKNOWN` (400) instead of the protocol's `PROFILE_UNKNOWN`.
 */
import { getVideoProfile, VIDEO_PROFILES, type VideoProfile } from '@prism/protocol'
import { SegmentProfileUnknownError } from './errors.ts'

export type { VideoProfile }

const BY_ID = new Map(Object.values(VIDEO_PROFILES).map((p) => [p.id, p]))

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

/**
 * Decodes SegData.profiles (concatenated 4-byte IDs) into profiles.
 *
 * @throws SegmentProfileUnknownError (`SEGMENT_PROFILE_UNKNOWN`) for an unknown ID or a bad length.
 * @example
 * profilesFromIds(Uint8Array.from([0x93, 0xc7, 0x17, 0xe7]))[0]!.name // 'P360p30fps16x9'
 */
export function profilesFromIds(ids: Uint8Array): VideoProfile[] {
  if (ids.length === 0 || ids.length % 4 !== 0)
    throw new SegmentProfileUnknownError(`profile ID bytes of length ${ids.length}`)
  const out: VideoProfile[] = []
  for (let i = 0; i < ids.length; i += 4) {
    const hex = Buffer.from(ids.subarray(i, i + 4)).toString('hex')
    const p = BY_ID.get(hex)
    if (!p) throw new SegmentProfileUnknownError(`unknown profile ID ${hex}`)
    out.push(p)
  }
  return out
}
