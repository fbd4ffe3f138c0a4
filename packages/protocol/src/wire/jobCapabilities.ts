import { CAPABILITIES } from '../capabilities/capabilities.ts'
import {
  type VideoProfile,
  VideoProfile_Format,
  VideoProfile_Profile,
  VideoProfile_VideoCodec,
} from './gen/net_pb.ts'

/** Input codec of a transcoding job. */
export type JobInputCodec = 'h264' | 'hevc' | 'vp8' | 'vp9'

/** Input of {@link transcodeJobCapabilities}. */
export type TranscodeJobInit = {
  /** Output renditions (net form). */
  profiles: readonly VideoProfile[]
  /** Codec of the input segment. Default: 'h264'. */
  inputCodec?: JobInputCodec
  /** The gateway verifies results (MPEG-7 signature). Default: false. */
  verification?: boolean
  /** The segment carries clip parameters. Default: false. */
  clip?: boolean
  /** The gateway's own object store, if any. */
  storage?: 'direct' | 's3' | 'gcs'
}

const INPUT: Record<JobInputCodec, number> = {
  h264: CAPABILITIES.H264,
  hevc: CAPABILITIES.HEVC_Decode,
  vp8: CAPABILITIES.VP8_Decode,
  vp9: CAPABILITIES.VP9_Decode,
}

const ENCODER: Record<VideoProfile_VideoCodec, number> = {
  [VideoProfile_VideoCodec.H264]: CAPABILITIES.H264,
  [VideoProfile_VideoCodec.H265]: CAPABILITIES.HEVC_Encode,
  [VideoProfile_VideoCodec.VP8]: CAPABILITIES.VP8_Encode,
  [VideoProfile_VideoCodec.VP9]: CAPABILITIES.VP9_Encode,
}

const CODEC_PROFILE: Partial<Record<VideoProfile_Profile, number>> = {
  [VideoProfile_Profile.H264_BASELINE]: CAPABILITIES.ProfileH264Baseline,
  [VideoProfile_Profile.H264_MAIN]: CAPABILITIES.ProfileH264Main,
  [VideoProfile_Profile.H264_HIGH]: CAPABILITIES.ProfileH264High,
  [VideoProfile_Profile.H264_CONSTRAINED_HIGH]: CAPABILITIES.ProfileH264ConstrainedHigh,
}

const STORAGE = {
  direct: CAPABILITIES.StorageDirect,
  s3: CAPABILITIES.StorageS3,
  gcs: CAPABILITIES.StorageGCS,
} as const

/**
 * The capabilities a go-livepeer gateway puts in SegData for a transcoding segment: auth token
 * always; MPEG-7 signature with verification; segment slicing with clip parameters; the input
 * decoder; per output the container (MPEG-TS or MP4), the encoder, fractional frame rate when
 * fpsDen > 0, the H.264 profile when set, GOP when gop ≠ 0; the storage kind when the gateway
 * has its own store. (High-bit-depth and 4:2:2/4:4:4 H.264 inputs add 21-25 in go-livepeer; Prism
 * does not probe pixel formats here.)
 *
 * @returns capability ids, ascending.
 * @example transcodeJobCapabilities({ profiles }) // [0, 1, 12] for H.264 MPEG-TS outputs
 */
export function transcodeJobCapabilities(init: TranscodeJobInit): number[] {
  const ids = new Set<number>([CAPABILITIES.AuthToken, INPUT[init.inputCodec ?? 'h264']])
  if (init.verification) ids.add(CAPABILITIES.MPEG7VideoSignature)
  if (init.clip) ids.add(CAPABILITIES.SegmentSlicing)
  if (init.storage) ids.add(STORAGE[init.storage])
  for (const p of init.profiles) {
    ids.add(p.format === VideoProfile_Format.MP4 ? CAPABILITIES.MP4 : CAPABILITIES.MPEGTS)
    const enc = ENCODER[p.encoder]
    if (enc !== undefined) ids.add(enc)
    if (p.fpsDen > 0) ids.add(CAPABILITIES.FractionalFramerates)
    const prof = CODEC_PROFILE[p.profile]
    if (prof !== undefined) ids.add(prof)
    if (p.gop !== 0) ids.add(CAPABILITIES.GOP)
  }
  return [...ids].sort((a, b) => a - b)
}
