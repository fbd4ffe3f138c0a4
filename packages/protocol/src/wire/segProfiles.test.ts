import { create } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { SegDataSchema, VideoProfile_Format, VideoProfile_Profile } from './gen/net_pb.ts'
import { profileFieldFor, segDataProfiles } from './segProfiles.ts'
import { toNetVideoProfile } from './videoProfile.ts'

const ts = toNetVideoProfile('P240p30fps16x9')
const mp4 = { ...ts, format: VideoProfile_Format.MP4 }

describe('profile field selection', () => {
  it('33 when all MPEG-TS with default fpsDen, profile and gop', () => {
    expect(profileFieldFor([ts, toNetVideoProfile('P360p30fps16x9')])).toBe('fullProfiles')
    expect(profileFieldFor([])).toBe('fullProfiles')
  })
  it('34 when defaults but an output is MP4', () => {
    expect(profileFieldFor([ts, mp4])).toBe('fullProfiles2')
  })
  it('35 when any fpsDen, codec profile or gop is set', () => {
    expect(profileFieldFor([ts, { ...ts, fpsDen: 1001 }])).toBe('fullProfiles3')
    expect(profileFieldFor([{ ...mp4, profile: VideoProfile_Profile.H264_HIGH }])).toBe('fullProfiles3')
    expect(profileFieldFor([{ ...ts, gop: -1 }])).toBe('fullProfiles3')
  })
})

describe('reading profiles', () => {
  const a = toNetVideoProfile('P144p30fps16x9')
  const b = toNetVideoProfile('P240p30fps16x9')
  const c = toNetVideoProfile('P360p30fps16x9')
  it('takes the first non-empty of 35, 34, 33', () => {
    expect(
      segDataProfiles(create(SegDataSchema, { fullProfiles: [a], fullProfiles2: [b], fullProfiles3: [c] })),
    ).toEqual([c])
    expect(segDataProfiles(create(SegDataSchema, { fullProfiles: [a], fullProfiles2: [b] }))).toEqual([b])
    expect(segDataProfiles(create(SegDataSchema, { fullProfiles: [a] }))).toEqual([a])
  })
  it('ignores the legacy field 4: no full profiles = zero outputs', () => {
    expect(
      segDataProfiles(create(SegDataSchema, { profiles: new Uint8Array([0xc0, 0xa6, 0x51, 0x7a]) })),
    ).toEqual([])
  })
})
