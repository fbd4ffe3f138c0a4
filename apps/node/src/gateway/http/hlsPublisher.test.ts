import { describe, expect, it } from 'vitest'
import { profilesByName } from '../../media/profiles.ts'
import { HlsPublisher, SOURCE_RENDITION } from './hlsPublisher.ts'

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

  it('offers the source rendition in the master playlist, with a bandwidth measured from its segments', () => {
    const hls = new HlsPublisher()
    hls.openStream('s', profiles)
    hls.addSegment('s', SOURCE_RENDITION, 0, 2000, new Uint8Array(250_000))
    const master = hls.masterPlaylist('s')!
    expect(master).toContain('#EXT-X-STREAM-INF:BANDWIDTH=1000000\nsource/index.m3u8')
    expect(hls.mediaPlaylist('s', SOURCE_RENDITION)).toContain('0.ts')
  })

  it('continues a reopened stream behind a discontinuity, with fresh names and no ENDLIST', () => {
    const hls = new HlsPublisher({ windowSize: 4 })
    hls.openStream('s', profiles)
    for (const seq of [0, 1, 2]) hls.addSegment('s', 'P240p30fps16x9', seq, 2000, Uint8Array.of(seq))
    hls.endStream('s')
    expect(hls.isLive('s')).toBe(false)
    hls.openStream('s', profiles)
    expect(hls.isLive('s')).toBe(true)
    expect(hls.hasRun('s')).toBe(false)
    for (const seq of [0, 1]) hls.addSegment('s', 'P240p30fps16x9', seq, 2000, Uint8Array.of(10 + seq))
    const lines = hls.mediaPlaylist('s', 'P240p30fps16x9')!.split('\n')
    const names = lines.filter((l) => l.endsWith('.ts'))
    expect(names).toEqual(['1.ts', '2.ts', '3.ts', '4.ts'])
    expect(lines).not.toContain('#EXT-X-ENDLIST')
    expect(lines.indexOf('#EXT-X-DISCONTINUITY')).toBe(lines.indexOf('3.ts') - 2)
    expect(lines).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:0')
    expect(hls.segment('s', 'P240p30fps16x9', 3)).toEqual(Uint8Array.of(10))
    // the discontinuity slides out of the window: the sequence counts it
    for (const seq of [2, 3, 4]) hls.addSegment('s', 'P240p30fps16x9', seq, 2000, Uint8Array.of(10 + seq))
    const later = hls.mediaPlaylist('s', 'P240p30fps16x9')!
    expect(later).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1')
    expect(later).not.toContain('#EXT-X-DISCONTINUITY\n')
  })
})
