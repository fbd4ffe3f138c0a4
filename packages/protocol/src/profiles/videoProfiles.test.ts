import { describe, expect, it } from 'vitest'
import { ProfileUnknownError } from '../errors/pricing.ts'
import { getVideoProfile, VIDEO_PROFILE_NAMES, VIDEO_PROFILES, videoProfileId } from './videoProfiles.ts'

// docs/protocol.md §10 table: name -> id.
const TABLE: Record<string, string> = {
  P720p60fps16x9: 'a7ac137a',
  P720p30fps16x9: '49d54ea9',
  P720p25fps16x9: 'e4a64019',
  P720p30fps4x3: '79332fe7',
  P576p30fps16x9: '5ecf4b52',
  P576p25fps16x9: '8b1843d6',
  P144p30fps16x9: 'fca40bf9',
  P360p30fps16x9: '93c717e7',
  P360p25fps16x9: '7cd40fc7',
  P360p30fps4x3: 'b60382a0',
  P240p30fps16x9: 'c0a6517a',
  P240p25fps16x9: '1301a7d0',
  P240p30fps4x3: 'd435c53a',
  P144p25fps16x9: '03f01d1f',
}

describe('VIDEO_PROFILES', () => {
  it('has all 14 rows with ids computed from keccak matching the table', () => {
    expect(VIDEO_PROFILE_NAMES).toHaveLength(14)
    for (const [name, id] of Object.entries(TABLE)) {
      expect(videoProfileId(name)).toBe(id)
      expect(VIDEO_PROFILES[name]?.id).toBe(id)
    }
  })

  it('carries size, bitrate and fps', () => {
    expect(getVideoProfile('P720p60fps16x9')).toMatchObject({
      width: 1280,
      height: 720,
      bitrateKbps: 6000,
      fps: 60,
    })
    expect(getVideoProfile('P240p30fps4x3')).toMatchObject({
      width: 320,
      height: 240,
      bitrateKbps: 600,
      fps: 30,
    })
  })

  it('rejects unknown names (also prototype keys)', () => {
    expect(() => getVideoProfile('P1080p')).toThrow(ProfileUnknownError)
    expect(() => getVideoProfile('toString')).toThrow(ProfileUnknownError)
  })
})
