import { describe, expect, it } from 'vitest'
import { CAPABILITIES as C } from '../capabilities/capabilities.ts'
import { VideoProfile_Format, VideoProfile_Profile, VideoProfile_VideoCodec } from './gen/net_pb.ts'
import { transcodeJobCapabilities } from './jobCapabilities.ts'
import { toNetVideoProfile, toNetVideoProfiles } from './videoProfile.ts'

describe('transcoding job capabilities', () => {
  it('H.264 in, MPEG-TS H.264 out: H.264, MPEG-TS, auth token', () => {
    expect(
      transcodeJobCapabilities({ profiles: toNetVideoProfiles(['P240p30fps16x9', 'P360p30fps16x9']) }),
    ).toEqual([C.H264, C.MPEGTS, C.AuthToken])
  })

  it('adds what each profile and option needs', () => {
    const p = toNetVideoProfile('P240p30fps16x9')
    const ids = transcodeJobCapabilities({
      inputCodec: 'hevc',
      verification: true,
      clip: true,
      storage: 's3',
      profiles: [
        { ...p, format: VideoProfile_Format.MP4, encoder: VideoProfile_VideoCodec.VP9 },
        { ...p, fpsDen: 1001, profile: VideoProfile_Profile.H264_MAIN, gop: 2000 },
      ],
    })
    expect(ids).toEqual(
      [
        C.H264,
        C.MPEGTS,
        C.MP4,
        C.FractionalFramerates,
        C.StorageS3,
        C.ProfileH264Main,
        C.GOP,
        C.AuthToken,
        C.MPEG7VideoSignature,
        C.HEVC_Decode,
        C.VP9_Encode,
        C.SegmentSlicing,
      ].sort((a, b) => a - b),
    )
  })
})
