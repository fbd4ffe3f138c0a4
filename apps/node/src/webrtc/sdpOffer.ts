/**
 * Inspection of a WHIP offer before any peer connection is made: structure, media sections and
 * video codecs. Pure string work; errors are typed (SDP_MALFORMED, SDP_CODEC_UNSUPPORTED).
 */
import { SdpCodecUnsupportedError, SdpMalformedError } from './errors.ts'

/** Video codecs the orchestrator accepts. */
export type VideoCodecName = 'H264' | 'VP8'

/** What {@link inspectOffer} learned. */
export type OfferSummary = {
  /** Video codecs offered that the node supports, in offer order. */
  videoCodecs: VideoCodecName[]
  /** True when the offer has an `m=application` (data channel) section. */
  hasDataChannels: boolean
  /** Number of `m=video` sections. */
  videoSections: number
}

/**
 * Validates an SDP offer and lists its supported video codecs.
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`) when it is not an SDP offer with one video section.
 * @throws SdpCodecUnsupportedError (`SDP_CODEC_UNSUPPORTED`) when no H.264 or VP8 is offered.
 * @example
 * inspectOffer(sdp).videoCodecs // ['H264', 'VP8']
 */
export function inspectOffer(sdp: string): OfferSummary {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0)
  if (lines[0] !== 'v=0') throw new SdpMalformedError('the offer must start with v=0')
  if (!lines.some((l) => l.startsWith('o='))) throw new SdpMalformedError('the offer has no o= line')
  if (lines.some((l) => !/^[a-z]=/.test(l)))
    throw new SdpMalformedError('the offer has a line not of the form x=…')
  const media = lines.filter((l) => l.startsWith('m='))
  const video = media.filter((l) => l.startsWith('m=video '))
  if (video.length !== 1)
    throw new SdpMalformedError(`the offer must have exactly one m=video section, got ${video.length}`)
  if (!lines.some((l) => l.startsWith('a=ice-ufrag:')) || !lines.some((l) => l.startsWith('a=fingerprint:')))
    throw new SdpMalformedError('the offer lacks ICE credentials or a DTLS fingerprint')
  // Codecs of the video section.
  const start = lines.indexOf(video[0]!)
  let end = lines.findIndex((l, i) => i > start && l.startsWith('m='))
  if (end < 0) end = lines.length
  const codecs: VideoCodecName[] = []
  for (const l of lines.slice(start, end)) {
    const m = /^a=rtpmap:\d+ ([A-Za-z0-9-]+)\/90000/.exec(l)
    if (!m) continue
    const name = m[1]!.toUpperCase()
    if ((name === 'H264' || name === 'VP8') && !codecs.includes(name)) codecs.push(name)
  }
  if (codecs.length === 0) throw new SdpCodecUnsupportedError()
  return {
    videoCodecs: codecs,
    hasDataChannels: media.some((l) => l.startsWith('m=application ')),
    videoSections: 1,
  }
}
