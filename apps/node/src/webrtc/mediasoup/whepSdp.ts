/**
 * WHEP's SDP: reading a viewer's offer (the parts mediasoup needs: ICE, DTLS, the video section's
 * payload type, feedback and header extension ids) and writing the answer from a mediasoup
 * WebRtcTransport and Consumer. The answer keeps the offer's payload type and extension ids (a
 * browser decodes nothing when they differ), answers `a=setup:passive` to `actpass` (mediasoup is
 * the DTLS server; ICE-lite), bundles the video section alone and rejects every other section (port 0).
 */
import type { types } from 'mediasoup'
import { SdpCodecUnsupportedError, SdpMalformedError } from '../errors.ts'
import { inspectOffer, type VideoCodecName } from '../sdpOffer.ts'
import {
  answerHead,
  candidateLines,
  type OfferTransport,
  offerTransport,
  parseFmtp,
  rejectedSection,
  splitSdp,
  transportLines,
} from './sdpParts.ts'

/** The codec of a viewer's offer that matches the stream. */
export type OfferedCodec = {
  payloadType: number
  mimeType: string
  /** fmtp parameters (numbers where they are numeric). */
  parameters: Record<string, string | number>
  /** The fmtp line's value, copied into the answer. */
  fmtp: string | undefined
  rtcpFeedback: { type: string; parameter: string }[]
}

/** What a WHEP offer says, for one stream codec. */
export type WhepOffer = OfferTransport & {
  /** Every m-section (kind, mid, protocol, first format) in order. */
  sections: { kind: string; mid: string; protocol: string; format: string }[]
  /** Index in `sections` of the video section. */
  videoIndex: number
  codec: OfferedCodec
  /** The video section's header extensions. */
  extmaps: { id: number; uri: string }[]
}

/** H.264 constrained baseline (profile 42, constraints e0), packetization mode 1: what the source sends. */
export function h264Matches(params: Record<string, string | number>): boolean {
  const profile = String(params['profile-level-id'] ?? '42001f').toLowerCase()
  return Number(params['packetization-mode'] ?? 0) === 1 && profile.startsWith('42e0')
}

/** The first codec of a section named `codec` (H.264: constrained baseline, mode 1), with its feedback. */
export function findOfferedCodec(lines: string[], codec: VideoCodecName): OfferedCodec | undefined {
  const want = codec === 'H264' ? 'h264' : 'vp8'
  for (const l of lines) {
    const m = /^a=rtpmap:(\d+) ([\w-]+)\/90000/.exec(l)
    if (!m || m[2]!.toLowerCase() !== want) continue
    const pt = Number(m[1])
    const fmtp = lines.find((x) => x.startsWith(`a=fmtp:${pt} `))?.slice(`a=fmtp:${pt} `.length)
    const parameters = fmtp ? parseFmtp(fmtp) : {}
    if (codec === 'H264' && !h264Matches(parameters)) continue
    const rtcpFeedback = lines
      .filter((x) => x.startsWith(`a=rtcp-fb:${pt} `) || x.startsWith('a=rtcp-fb:* '))
      .map((x) => {
        const [type = '', parameter = ''] = x.slice(x.indexOf(' ') + 1).split(' ')
        return { type, parameter }
      })
    return { payloadType: pt, mimeType: `video/${codec}`, parameters, fmtp, rtcpFeedback }
  }
  return undefined
}

/** The header extensions (`a=extmap`) of a section. */
export function sectionExtmaps(lines: string[]): { id: number; uri: string }[] {
  return lines.flatMap((l) => {
    const m = /^a=extmap:(\d+)(?:\/\w+)? (\S+)/.exec(l)
    return m ? [{ id: Number(m[1]), uri: m[2]! }] : []
  })
}

/**
 * Reads a WHEP offer for a stream sent in `codec`.
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`), SdpFingerprintInvalidError
 * (`SDP_FINGERPRINT_INVALID`), SdpCodecUnsupportedError (`SDP_CODEC_UNSUPPORTED`) when the offer
 * cannot receive the stream's codec (H.264: constrained baseline, packetization mode 1).
 * @example
 * const offer = parseWhepOffer(sdp, 'VP8') // offer.codec.payloadType === 96
 */
export function parseWhepOffer(sdp: string, codec: VideoCodecName): WhepOffer {
  inspectOffer(sdp)
  const parts = splitSdp(sdp)
  const videoIndex = parts.sections.findIndex((s) => s.kind === 'video')
  const video = parts.sections[videoIndex]!
  if (video.lines.some((l) => l === 'a=sendonly' || l === 'a=inactive'))
    throw new SdpMalformedError('the video section must be recvonly (or sendrecv) to watch')
  const transport = offerTransport(parts, video)
  const offered = findOfferedCodec(video.lines, codec)
  if (!offered) throw new SdpCodecUnsupportedError()
  return {
    ...transport,
    sections: parts.sections.map(({ kind, mid, protocol, format }) => ({ kind, mid, protocol, format })),
    videoIndex,
    codec: offered,
    extmaps: sectionExtmaps(video.lines),
  }
}

/** The RTP capabilities a Consumer for this viewer gets: its codec, and the extensions whose ids match the router's. */
export function viewerRtpCapabilities(
  offer: WhepOffer,
  router: types.RtpCapabilities,
): types.RtpCapabilities {
  const c = offer.codec
  return {
    codecs: [
      {
        kind: 'video',
        mimeType: c.mimeType,
        preferredPayloadType: c.payloadType,
        clockRate: 90000,
        parameters: c.parameters,
        rtcpFeedback: c.rtcpFeedback,
      },
    ],
    headerExtensions: (router.headerExtensions ?? []).filter(
      (h) => h.kind === 'video' && offer.extmaps.some((e) => e.id === h.preferredId && e.uri === h.uri),
    ),
  }
}

/** Writes the answer: the video section from the transport and consumer, other sections rejected. */
export function buildWhepAnswer(
  offer: WhepOffer,
  transport: types.WebRtcTransport,
  consumer: types.Consumer,
): string {
  const video = offer.sections[offer.videoIndex]!
  const codec = consumer.rtpParameters.codecs[0]!
  const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0
  const cname = consumer.rtpParameters.rtcp?.cname ?? 'prism'
  const out = answerHead([video.mid])
  offer.sections.forEach((s, i) => {
    if (i !== offer.videoIndex) {
      out.push(...rejectedSection(s))
      return
    }
    out.push(
      `m=video 9 UDP/TLS/RTP/SAVPF ${codec.payloadType}`,
      'c=IN IP4 0.0.0.0',
      `a=mid:${s.mid}`,
      'a=sendonly',
      ...transportLines(transport, offer.dtlsRole),
      'a=rtcp-mux',
      'a=rtcp-rsize',
      `a=rtpmap:${codec.payloadType} ${codec.mimeType.split('/')[1]}/${codec.clockRate}`,
      ...(codec.rtcpFeedback ?? []).map(
        (f) => `a=rtcp-fb:${codec.payloadType} ${f.type}${f.parameter ? ` ${f.parameter}` : ''}`,
      ),
      ...(offer.codec.fmtp ? [`a=fmtp:${codec.payloadType} ${offer.codec.fmtp}`] : []),
      ...(consumer.rtpParameters.headerExtensions ?? []).map((h) => `a=extmap:${h.id} ${h.uri}`),
      'a=msid:prism video',
      `a=ssrc:${ssrc} cname:${cname}`,
      `a=ssrc:${ssrc} msid:prism video`,
      ...candidateLines(transport),
    )
  })
  return `${out.join('\r\n')}\r\n`
}
