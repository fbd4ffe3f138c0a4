/**
 * Livepeer video profiles (lpms videoprofile.go values, PROTOCOL.md §10) as the gateway and the
 * orchestrator's `POST /segment` use them. The profile ID is the first 4 bytes of keccak256(name).
 */
import { keccak256, stringToBytes } from 'viem'
import { SegmentProfileUnknownError } from './errors.ts'

/** One rendition of the ladder. */
export type VideoProfile = {
  /** Livepeer name, e.g. `P360p30fps16x9`. */
  name: string
  width: number
  height: number
  /** Target bitrate in kbit/s. */
  bitrateKbps: number
  fps: number
}

const TABLE: ReadonlyArray<VideoProfile> = [
  { name: 'P720p60fps16x9', width: 1280, height: 720, bitrateKbps: 6000, fps: 60 },
  { name: 'P720p30fps16x9', width: 1280, height: 720, bitrateKbps: 4000, fps: 30 },
  { name: 'P720p25fps16x9', width: 1280, height: 720, bitrateKbps: 3500, fps: 25 },
  { name: 'P720p30fps4x3', width: 960, height: 720, bitrateKbps: 3500, fps: 30 },
  { name: 'P576p30fps16x9', width: 1024, height: 576, bitrateKbps: 1500, fps: 30 },
  { name: 'P576p25fps16x9', width: 1024, height: 576, bitrateKbps: 1500, fps: 25 },
  { name: 'P360p30fps16x9', width: 640, height: 360, bitrateKbps: 1200, fps: 30 },
  { name: 'P360p25fps16x9', width: 640, height: 360, bitrateKbps: 1000, fps: 25 },
  { name: 'P360p30fps4x3', width: 480, height: 360, bitrateKbps: 1000, fps: 30 },
  { name: 'P240p30fps16x9', width: 426, height: 240, bitrateKbps: 600, fps: 30 },
  { name: 'P240p25fps16x9', width: 426, height: 240, bitrateKbps: 600, fps: 25 },
  { name: 'P240p30fps4x3', width: 320, height: 240, bitrateKbps: 600, fps: 30 },
  { name: 'P144p30fps16x9', width: 256, height: 144, bitrateKbps: 400, fps: 30 },
  { name: 'P144p25fps16x9', width: 256, height: 144, bitrateKbps: 400, fps: 25 },
]

const BY_NAME = new Map(TABLE.map((p) => [p.name, p]))
const BY_ID = new Map(TABLE.map((p) => [profileId(p.name), p]))

/**
 * The 4-byte profile ID as 8 lowercase hex characters (keccak256(name)[0:4]).
 *
 * @example
 * profileId('P360p30fps16x9') // '93c717e7'
 */
export function profileId(name: string): string {
  return keccak256(stringToBytes(name)).slice(2, 10)
}

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
    const p = BY_NAME.get(n.trim())
    if (!p) throw new SegmentProfileUnknownError(`unknown profile "${n}"`)
    return p
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

/**
 * Concatenated 4-byte IDs of `profiles`, as SegData.profiles carries them.
 *
 * @example
 * profileIdBytes(profilesByName(['P360p30fps16x9'])) // Uint8Array [0x93, 0xc7, 0x17, 0xe7]
 */
export function profileIdBytes(profiles: readonly VideoProfile[]): Uint8Array {
  return Uint8Array.from(Buffer.from(profiles.map((p) => profileId(p.name)).join(''), 'hex'))
}
