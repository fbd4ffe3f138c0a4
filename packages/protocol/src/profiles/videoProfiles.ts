import { type Hex, keccak256, stringToBytes } from 'viem'
import { ProfileUnknownError } from '../errors/pricing.ts'

/** A Livepeer transcoding profile (lpms ffmpeg/videoprofile.go; docs/protocol.md §10). */
export type VideoProfile = {
  /** Preset name, e.g. `P360p30fps16x9`. */
  name: string
  /** Output width in pixels. */
  width: number
  /** Output height in pixels. */
  height: number
  /** Target bitrate in kbit/s. */
  bitrateKbps: number
  /** Frames per second (numerator; the denominator is 1 for every preset). */
  fps: number
  /** First 4 bytes of keccak256(name) as 8 lowercase hex digits (go-livepeer common/videoprofile_ids.go). */
  id: string
}

/**
 * The 4-byte profile id: keccak256(name)[0:4] as 8 lowercase hex digits.
 * @example videoProfileId('P360p30fps16x9') // '93c717e7'
 */
export function videoProfileId(name: string): string {
  const h: Hex = keccak256(stringToBytes(name))
  return h.slice(2, 10)
}

const ROWS: ReadonlyArray<readonly [string, number, number, number, number]> = [
  ['P720p60fps16x9', 1280, 720, 6000, 60],
  ['P720p30fps16x9', 1280, 720, 4000, 30],
  ['P720p25fps16x9', 1280, 720, 3500, 25],
  ['P720p30fps4x3', 960, 720, 3500, 30],
  ['P576p30fps16x9', 1024, 576, 1500, 30],
  ['P576p25fps16x9', 1024, 576, 1500, 25],
  ['P360p30fps16x9', 640, 360, 1200, 30],
  ['P360p25fps16x9', 640, 360, 1000, 25],
  ['P360p30fps4x3', 480, 360, 1000, 30],
  ['P240p30fps16x9', 426, 240, 600, 30],
  ['P240p25fps16x9', 426, 240, 600, 25],
  ['P240p30fps4x3', 320, 240, 600, 30],
  ['P144p30fps16x9', 256, 144, 400, 30],
  ['P144p25fps16x9', 256, 144, 400, 25],
]

/**
 * The 14 Livepeer video profiles by name, with their 4-byte ids (docs/protocol.md §10).
 *
 * @example
 * VIDEO_PROFILES.P360p30fps16x9 // { name: 'P360p30fps16x9', width: 640, height: 360, bitrateKbps: 1200, fps: 30, id: '93c717e7' }
 */
export const VIDEO_PROFILES: Readonly<Record<string, VideoProfile>> = Object.freeze(
  Object.fromEntries(
    ROWS.map(([name, width, height, bitrateKbps, fps]) => [
      name,
      Object.freeze({ name, width, height, bitrateKbps, fps, id: videoProfileId(name) }),
    ]),
  ),
)

/** Names of {@link VIDEO_PROFILES}, in table order. */
export const VIDEO_PROFILE_NAMES: readonly string[] = Object.freeze(ROWS.map((r) => r[0]))

/** go-livepeer's default `-transcodingOptions`. */
export const DEFAULT_PROFILES: readonly string[] = Object.freeze(['P240p30fps16x9', 'P360p30fps16x9'])

/**
 * Looks up a profile by name.
 * @throws PROFILE_UNKNOWN
 * @example getVideoProfile('P240p30fps16x9').width // 426
 */
export function getVideoProfile(name: string): VideoProfile {
  const p = Object.hasOwn(VIDEO_PROFILES, name) ? VIDEO_PROFILES[name] : undefined
  if (!p) throw new ProfileUnknownError(name)
  return p
}
