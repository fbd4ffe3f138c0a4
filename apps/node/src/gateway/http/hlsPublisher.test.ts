import { describe, expect, it } from 'vitest'
import { profilesByName } from '../../media/profiles.ts'
import { HlsPublisher } from './hlsPublisher.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])

describe('HlsPublisher', () => {
  it('renders a master playlist with one entry per rendition', () => {
    const hls = new HlsPublisher()
    hls.openStream('s', profiles)
    const master = hls.masterPlaylist('s')!
    expect(master).toContain('#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=426x240,FRAME-RATE=30')
    expect(master).toContain('P360p30fps16x9/index.m3u8')
    expect(hls.masterPlaylist('unknown')).toBeUndefined()
  })

  it('orders segments, marks gaps as discontinuities, slides its window, and ends', () => {
    const hls = new HlsPublisher({ windowSize: 3 })
    hls.openStream('s', profiles)
    for (const seq of [1, 0, 3, 4]) hls.addSegment('s', 'P240p30fps16x9', seq, 2000, Uint8Array.of(seq))
    const pl = hls.mediaPlaylist('s', 'P240p30fps16x9')!
    expect(pl).toContain('#EXT-X-MEDIA-SEQUENCE:1')
    expect(pl.split('\n').filter((l) => l.endsWith('.ts'))).toEqual(['1.ts', '3.ts', '4.ts'])
    expect(pl).toContain('#EXT-X-DISCONTINUITY')
    expect(pl).not.toContain('#EXT-X-ENDLIST')
    expect(hls.segment('s', 'P240p30fps16x9', 0)).toBeUndefined()
    expect(hls.segment('s', 'P240p30fps16x9', 4)).toEqual(Uint8Array.of(4))
    hls.endStream('s')
    expect(hls.mediaPlaylist('s', 'P240p30fps16x9')).toContain('#EXT-X-ENDLIST')
    expect(hls.mediaPlaylist('s', 'P720p30fps16x9')).toBeUndefined()
  })
})
