/**
 * Inspection of a WHIP offer before any peer connection is made: structure, media sections, DTLS
 * fingerprints and video codecs. Pure string work; errors are typed (SDP_MALFORMED,
 * SDP_FINGERPRINT_INVALID, SDP_CODEC_UNSUPPORTED).
 */
import { SdpCodecUnsupportedError, SdpFingerprintInvalidError, SdpMalformedError } from './errors.ts'

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

/** Byte length of each hash function of RFC 8122's registry; only {@link SUPPORTED_HASHES} are accepted. */
const HASH_BYTES: Readonly<Record<string, number>> = {
  md2: 16,
  md5: 16,
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
}

/** Fingerprint hashes the node accepts (WebRTC requires sha-256; RFC 8122 deprecates md2/md5/sha-1 there). */
const SUPPORTED_HASHES: ReadonlySet<string> = new Set(['sha-256', 'sha-384', 'sha-512'])

/**
 * Checks every `a=fingerprint:` line (RFC 8122: `<hash-func> <hex pair>:<hex pair>:…`): each must
 * name a known hash and carry exactly that hash's byte length; at least one must be supported.
 */
function checkFingerprints(lines: string[]): void {
  let supported = 0
  for (const line of lines) {
    if (!line.startsWith('a=fingerprint:')) continue
    const m = /^a=fingerprint:(\S+) (\S+)$/.exec(line)
    if (!m) throw new SdpFingerprintInvalidError(`"${line.slice(0, 80)}" is not "<hash> <value>"`)
    const hash = m[1]!.toLowerCase()
    const bytes = HASH_BYTES[hash]
    if (bytes === undefined)
      throw new SdpFingerprintInvalidError(`unknown hash function "${m[1]!.slice(0, 20)}"`)
    const pairs = m[2]!.split(':')
    if (pairs.length !== bytes || pairs.some((p) => !/^[0-9A-Fa-f]{2}$/.test(p)))
      throw new SdpFingerprintInvalidError(`a ${hash} fingerprint is ${bytes} colon-separated hex pairs`)
    if (SUPPORTED_HASHES.has(hash)) supported++
  }
  if (supported === 0)
    throw new SdpFingerprintInvalidError(
      `no fingerprint uses a supported hash (${[...SUPPORTED_HASHES].join(', ')})`,
    )
}

/**
 * Validates an SDP offer and lists its supported video codecs.
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`) when it is not an SDP offer with one video section.
 * @throws SdpFingerprintInvalidError (`SDP_FINGERPRINT_INVALID`) for a malformed, unknown or
 * unsupported DTLS fingerprint.
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
  checkFingerprints(lines)
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
