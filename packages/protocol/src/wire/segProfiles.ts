import { type SegData, type VideoProfile, VideoProfile_Format, VideoProfile_Profile } from './gen/net_pb.ts'

/** The SegData field that carries the output profiles. */
export type ProfileField = 'fullProfiles' | 'fullProfiles2' | 'fullProfiles3'

/**
 * Which SegData field a go-livepeer gateway puts the profiles in: `fullProfiles` (33) when every
 * output is MPEG-TS with fpsDen 0, the default encoder profile and gop 0; `fullProfiles2` (34)
 * when those three are default but an output is MP4; `fullProfiles3` (35) otherwise.
 * @example profileFieldFor(toNetVideoProfiles(['P240p30fps16x9'])) // 'fullProfiles'
 */
export function profileFieldFor(profiles: readonly VideoProfile[]): ProfileField {
  const defaults = profiles.every(
    (p) => p.fpsDen === 0 && p.profile === VideoProfile_Profile.ENCODER_DEFAULT && p.gop === 0,
  )
  if (!defaults) return 'fullProfiles3'
  return profiles.every((p) => p.format === VideoProfile_Format.MPEGTS) ? 'fullProfiles' : 'fullProfiles2'
}

/**
 * The profiles an orchestrator transcodes into: the first non-empty of fields 35, 34, 33 (none:
 * zero outputs). The legacy field 4 is ignored.
 * @example segDataProfiles(seg).map((p) => p.name)
 */
export function segDataProfiles(seg: Pick<SegData, ProfileField>): VideoProfile[] {
  if (seg.fullProfiles3.length) return seg.fullProfiles3
  if (seg.fullProfiles2.length) return seg.fullProfiles2
  return seg.fullProfiles
}
