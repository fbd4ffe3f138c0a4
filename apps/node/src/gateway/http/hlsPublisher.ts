/**
 * In-memory HLS publishing of transcoded renditions: a master playlist per stream and one media
 * playlist per rendition, with a sliding window of segments (`/live/{stream}/hls/…`).
 */
import type { VideoProfile } from '../../media/profiles.ts'

type HlsSegment = { seq: number; durationMs: number; data: Uint8Array }
type HlsStream = {
  profiles: VideoProfile[]
  renditions: Map<string, HlsSegment[]>
  ended: boolean
}

/** Options of {@link HlsPublisher}. */
export type HlsPublisherOptions = {
  /** Segments kept per rendition (older ones leave the playlist). Default: 30. */
  windowSize?: number
}

/**
 * Holds renditions and renders playlists.
 *
 * @example
 * const hls = new HlsPublisher()
 * hls.addSegment('s1', profile, 0, 2000, bytes)
 * hls.masterPlaylist('s1') // '#EXTM3U …'
 */
export class HlsPublisher {
  private readonly streams = new Map<string, HlsStream>()
  private readonly windowSize: number

  constructor(opts: HlsPublisherOptions = {}) {
    this.windowSize = opts.windowSize ?? 30
  }

  /** Declares the ladder of `stream` (call once per stream, before segments). */
  openStream(stream: string, profiles: readonly VideoProfile[]): void {
    this.streams.set(stream, { profiles: [...profiles], renditions: new Map(), ended: false })
  }

  /** Adds one rendition segment; segments may arrive out of order and are kept sorted. */
  addSegment(stream: string, profile: string, seq: number, durationMs: number, data: Uint8Array): void {
    const s = this.streams.get(stream)
    if (!s) return
    const list = s.renditions.get(profile) ?? []
    list.push({ seq, durationMs, data })
    list.sort((a, b) => a.seq - b.seq)
    while (list.length > this.windowSize) list.shift()
    s.renditions.set(profile, list)
  }

  /** Marks `stream` as finished: playlists get `#EXT-X-ENDLIST`. */
  endStream(stream: string): void {
    const s = this.streams.get(stream)
    if (s) s.ended = true
  }

  /** Names of the streams published. */
  streamNames(): string[] {
    return [...this.streams.keys()]
  }

  /** Master playlist of `stream`, or undefined when unknown. */
  masterPlaylist(stream: string): string | undefined {
    const s = this.streams.get(stream)
    if (!s) return undefined
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3']
    for (const p of s.profiles) {
      lines.push(
        `#EXT-X-STREAM-INF:BANDWIDTH=${p.bitrateKbps * 1000},RESOLUTION=${p.width}x${p.height},FRAME-RATE=${p.fps}`,
        `${p.name}/index.m3u8`,
      )
    }
    return `${lines.join('\n')}\n`
  }

  /** Media playlist of one rendition, or undefined when unknown. */
  mediaPlaylist(stream: string, profile: string): string | undefined {
    const s = this.streams.get(stream)
    if (!s?.profiles.some((p) => p.name === profile)) return undefined
    const list = s.renditions.get(profile) ?? []
    const target = Math.max(1, ...list.map((x) => Math.ceil(x.durationMs / 1000)))
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${target}`,
      `#EXT-X-MEDIA-SEQUENCE:${list[0]?.seq ?? 0}`,
    ]
    let prev: number | undefined
    for (const seg of list) {
      if (prev !== undefined && seg.seq !== prev + 1) lines.push('#EXT-X-DISCONTINUITY')
      lines.push(`#EXTINF:${(seg.durationMs / 1000).toFixed(3)},`, `${seg.seq}.ts`)
      prev = seg.seq
    }
    if (s.ended) lines.push('#EXT-X-ENDLIST')
    return `${lines.join('\n')}\n`
  }

  /** Bytes of one rendition segment, or undefined when not (or no longer) held. */
  segment(stream: string, profile: string, seq: number): Uint8Array | undefined {
    return this.streams
      .get(stream)
      ?.renditions.get(profile)
      ?.find((x) => x.seq === seq)?.data
  }
}
