import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { VIDEO_PROFILE_NAMES, VIDEO_PROFILES } from '../profiles/videoProfiles.ts'
import { VideoProfile_Format, VideoProfile_VideoCodec, VideoProfileSchema } from './gen/net_pb.ts'
import { fromNetVideoProfile, toNetVideoProfile, toNetVideoProfiles } from './videoProfile.ts'

describe('VideoProfile mapping', () => {
  it('maps a preset to the wire: bit/s, fpsDen 0, MPEG-TS, defaults', () => {
    const p = toNetVideoProfile('P240p30fps16x9')
    expect(p).toMatchObject({
      name: 'P240p30fps16x9',
      width: 426,
      height: 240,
      bitrate: 600_000,
      fps: 30,
      fpsDen: 0,
      format: VideoProfile_Format.MPEGTS,
      profile: 0,
      gop: 0,
      encoder: VideoProfile_VideoCodec.H264,
    })
  })

  it('round-trips every preset, name never empty', () => {
    const wire = toNetVideoProfiles(VIDEO_PROFILE_NAMES)
    for (const [i, p] of wire.entries()) {
      expect(p.name).not.toBe('')
      const back = fromNetVideoProfile(p)
      const preset = VIDEO_PROFILES[VIDEO_PROFILE_NAMES[i]!]!
      expect(back).toMatchObject(preset)
      expect(toNetVideoProfile(back)).toEqual(p)
    }
  })

  it('keeps the non-preset fields', () => {
    const p = create(VideoProfileSchema, {
      name: 'x',
      width: 2,
      height: 2,
      bitrate: 1500,
      fps: 30000,
      fpsDen: 1001,
      gop: 2000,
      format: 1,
      encoder: 3,
      quality: 23,
    })
    expect(toNetVideoProfile(fromNetVideoProfile(p))).toEqual(p)
  })

  it('refuses empty names when building', () => {
    expect(() => toNetVideoProfile('')).toThrowError(
      expect.objectContaining({ code: 'WIRE_PROFILE_NAME_EMPTY' }),
    )
    expect(() =>
      toNetVideoProfiles(['P240p30fps16x9', { ...VIDEO_PROFILES.P240p30fps16x9!, name: '' }]),
    ).toThrow('profile name must not be empty')
  })

  it("refuses unknown enum values from the wire with go-livepeer's texts", () => {
    const base = toBinary(VideoProfileSchema, toNetVideoProfile('P240p30fps16x9'))
    // a later occurrence of a varint field wins: append field 21 / 23 / 25 / 27 with a value out of range
    const received = (tag: number, value: number) =>
      fromBinary(VideoProfileSchema, new Uint8Array([...base, tag, 0x01, value]))
    const cases = [
      [0xa8, 2, 'unrecognized profile output format'],
      [0xb8, 5, 'unrecognized encoder profile'],
      [0xc8, 4, 'unrecognized video codec'],
    ] as const
    for (const [tag, value, text] of cases) {
      expect(() => fromNetVideoProfile(received(tag, value))).toThrowError(
        expect.objectContaining({ code: 'WIRE_PROFILE_UNSUPPORTED', shortMessage: text }),
      )
    }
    expect(fromNetVideoProfile(received(0xd8, 9)).chromaFormat).toBe(9)
  })
})
