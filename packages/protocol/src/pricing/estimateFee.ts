import { type Rational, rational, ratMul } from '../math/rational.ts'
import { getVideoProfile, type VideoProfile } from '../profiles/videoProfiles.ts'
import { PIXEL_ESTIMATE_MULTIPLIER } from './constants.ts'

/** A profile by name, or a profile-like object with size and fps (`fpsDen` default 1, fps 0 → 60). */
export type FeeProfile = string | (Pick<VideoProfile, 'width' | 'height' | 'fps'> & { fpsDen?: number })

/**
 * go-livepeer's pixel estimate for a segment: Σ over profiles w × h × ⌈fps⌉ × ⌈seconds⌉ (fps 0
 * counts as 60) (docs/protocol.md §5.2).
 *
 * @throws PROFILE_UNKNOWN for an unknown profile name.
 * @example estimatePixels(['P240p30fps16x9', 'P360p30fps16x9'], 2) // 19958400n
 */
export function estimatePixels(profiles: readonly FeeProfile[], durationSeconds: number): bigint {
  const secs = BigInt(Math.ceil(durationSeconds))
  let total = 0n
  for (const p of profiles) {
    const prof = typeof p === 'string' ? getVideoProfile(p) : p
    const den = typeof p === 'string' || !p.fpsDen ? 1 : p.fpsDen
    const fps = prof.fps === 0 ? 60 : Math.ceil(prof.fps / den)
    total += BigInt(prof.width) * BigInt(prof.height) * BigInt(fps) * secs
  }
  return total
}

/**
 * Estimated fee for a segment: estimatePixels × 1.02 (as the exact float64 rational) × price
 * (docs/protocol.md §5.2), as go-livepeer's gateway computes it before paying.
 *
 * @param profiles - output renditions.
 * @param durationSeconds - segment duration (rounded up).
 * @param pricePerPixel - wei per pixel.
 * @returns fee in wei, exact.
 * @throws PROFILE_UNKNOWN
 * @example
 * estimateFee(['P240p30fps16x9', 'P360p30fps16x9'], 2, rational(1200n))
 * // { num: 26860059275088730989375n, den: 1099511627776n } ≈ 24,429,081,600 wei
 */
export function estimateFee(
  profiles: readonly FeeProfile[],
  durationSeconds: number,
  pricePerPixel: Rational,
): Rational {
  return ratMul(
    ratMul(rational(estimatePixels(profiles, durationSeconds)), PIXEL_ESTIMATE_MULTIPLIER),
    pricePerPixel,
  )
}
