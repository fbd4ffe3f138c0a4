/**
 * In-memory HLS publishing of transcoded renditions: a master playlist per stream and one media
 * playlist per rendition, with a sliding window of segments (`/live/{stream}/hls/…`). Besides the
 * ladder, the source segments themselves are published as the `source` rendition (the ingest's
 * copy: its video and its audio, e.g. OBS's AAC, untouched). A stream opened again after it ended
 * (a publisher reconnecting with the same key) continues the same playlists: the new run's
 * segments get fresh names after the last one, the first is marked `#EXT-X-DISCONTINUITY`, the
 * `#EXT-X-ENDLIST` is gone, and `#EXT-X-DISCONTINUITY-SEQUENCE` counts the discontinuities that
 * slid out of the window.
 */
import type { VideoProfile } from '../../media/profiles.ts'

/** Name of the rendition that republishes the source segments (video and audio as ingested). */
export const SOURCE_RENDITION = 'source'

/** `seq` is the published (media) sequence number and the segment's file name. */
type HlsSegment = { seq: number; durationMs: number; data: Uint8Array; discontinuity: boolean }
type HlsStream = {
  profiles: VideoProfile[]
  renditions: Map<string, HlsSegment[]>
  /** Discontinuities that left each rendition's window. */
  droppedDiscontinuities: Map<string, number>
  ended: boolean
  /** Published seq of the current run's ingest seq 0. */
  base: number
  /** Next free published seq (one past the highest published). */
  next: number
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
 * hls.openStream('s1', profiles)
 * hls.addSegment('s1', profile.name, 0, 2000, bytes)
 * hls.masterPlaylist('s1') // '#EXTM3U …'
 */
export class HlsPublisher {
  private readonly streams = new Map<string, HlsStream>()
  private readonly windowSize: number

  constructor(opts: HlsPublisherOptions = {}) {
    this.windowSize = opts.windowSize ?? 30
  }

  /**
   * Declares the ladder of `stream` (call before its segments). Opening a stream that is already
   * known starts a new run (a reconnect): its ingest seq 0 is published after every earlier
   * segment, behind a discontinuity, and the stream is no longer ended.
   */
  openStream(stream: string, profiles: readonly VideoProfile[]): void {
    const s = this.streams.get(stream)
    if (!s) {
      this.streams.set(stream, {
        profiles: [...profiles],
        renditions: new Map(),
        droppedDiscontinuities: new Map(),
        ended: false,
        base: 0,
        next: 0,
      })
      return
    }
    s.profiles = [...profiles]
    s.ended = false
    s.base = s.next
  }

  /** True when `stream` is open and not ended (its next segment continues the current run). */
  isLive(stream: string): boolean {
    const s = this.streams.get(stream)
    return !!s && !s.ended
  }

  /** True when the current run of `stream` has published at least one segment. */
  hasRun(stream: string): boolean {
    const s = this.streams.get(stream)
    return !!s && s.next > s.base
  }

  /**
   * Adds one rendition segment (`seq` counted by the ingest from 0 in the current run); segments
   * may arrive out of order and are kept sorted. `profile` is a ladder name or {@link SOURCE_RENDITION}.
   */
  addSegment(stream: string, profile: string, seq: number, durationMs: number, data: Uint8Array): void {
    const s = this.streams.get(stream)
    if (!s) return
    const published = s.base + seq
    const list = s.renditions.get(profile) ?? []
    if (list.some((x) => x.seq === published)) return
    list.push({ seq: published, durationMs, data, discontinuity: seq === 0 && s.base > 0 })
    list.sort((a, b) => a.seq - b.seq)
    while (list.length > this.windowSize) {
      const gone = list.shift()!
      // the tag before the new first segment is no longer rendered: count it
      const first = list[0]
      if (first && (first.discontinuity || first.seq !== gone.seq + 1))
        s.droppedDiscontinuities.set(profile, (s.droppedDiscontinuities.get(profile) ?? 0) + 1)
    }
    s.renditions.set(profile, list)
    s.next = Math.max(s.next, published + 1)
  }

  /** Marks `stream` as finished: playlists get `#EXT-X-ENDLIST` (until it is opened again). */
  endStream(stream: string): void {
    const s = this.streams.get(stream)
    if (s) s.ended = true
  }

  /** Names of the streams published. */
  streamNames(): string[] {
    return [...this.streams.keys()]
  }

  /**
   * Master playlist of `stream`, or undefined when unknown: the ladder, then the source rendition
   * once it has segments (its bandwidth measured from them, its resolution unknown to the gateway).
   */
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
    const src = s.renditions.get(SOURCE_RENDITION) ?? []
    const bytes = src.reduce((a, x) => a + x.data.length, 0)
    const ms = src.reduce((a, x) => a + x.durationMs, 0)
    if (ms > 0)
      lines.push(
        `#EXT-X-STREAM-INF:BANDWIDTH=${Math.ceil((bytes * 8 * 1000) / ms)}`,
        `${SOURCE_RENDITION}/index.m3u8`,
      )
    return `${lines.join('\n')}\n`
  }

  /** Media playlist of one rendition (a ladder name or `source`), or undefined when unknown. */
  mediaPlaylist(stream: string, profile: string): string | undefined {
    const s = this.streams.get(stream)
    if (!s) return undefined
    if (profile !== SOURCE_RENDITION && !s.profiles.some((p) => p.name === profile)) return undefined
    const list = s.renditions.get(profile) ?? []
    const target = Math.max(1, ...list.map((x) => Math.ceil(x.durationMs / 1000)))
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${target}`,
      `#EXT-X-MEDIA-SEQUENCE:${list[0]?.seq ?? 0}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${s.droppedDiscontinuities.get(profile) ?? 0}`,
    ]
    let prev: number | undefined
    for (const seg of list) {
      if (prev !== undefined && (seg.discontinuity || seg.seq !== prev + 1))
        lines.push('#EXT-X-DISCONTINUITY')
      lines.push(`#EXTINF:${(seg.durationMs / 1000).toFixed(3)},`, `${seg.seq}.ts`)
      prev = seg.seq
    }
    if (s.ended) lines.push('#EXT-X-ENDLIST')
    return `${lines.join('\n')}\n`
  }

  /** Bytes of one rendition segment (by published seq), or undefined when not (or no longer) held. */
  segment(stream: string, profile: string, seq: number): Uint8Array | undefined {
    return this.streams
      .get(stream)
      ?.renditions.get(profile)
      ?.find((x) => x.seq === seq)?.data
  }
}
