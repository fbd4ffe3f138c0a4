/**
 * WHIP's SDP on mediasoup: reading a sender's offer (its video section's codec, SSRC and header
 * extensions, its data channel section) and writing the answer from the session's WebRtcTransport.
 * The video section is answered `sendrecv` (the processed video comes back on it, from a Consumer
 * whose SSRC the answer declares) in the offer's payload type and extension ids; the data channel
 * section gets mediasoup's SCTP port; an Opus audio section is answered `recvonly` when the caller
 * takes audio (the gateway's ingest); every other section is rejected (port 0).
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
import { findOfferedCodec, type OfferedCodec, sectionExtmaps } from './whepSdp.ts'

/**
 * Header extensions the WHIP answer accepts (the sender may then send them). No transport-wide-cc
 * and (below) no transport-cc or goog-remb feedback: with bandwidth estimates from mediasoup a
 * browser ramps its bitrate up within seconds, and the node's decoder (ffmpeg reading RTP) then
 * waited on gaps in its reorder queue (bench:glass: decode step 4.6 ms without estimates, 420 ms
 * with). The sender keeps its own start bitrate, as it did with werift.
 */
export const WHIP_EXTENSIONS: readonly string[] = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
]

/** Feedback the answer accepts for the video codec (loss recovery and keyframes; no estimates). */
const FEEDBACK = new Set(['nack', 'nack pli', 'ccm fir'])

/** What a WHIP offer says. */
export type WhipOffer = OfferTransport & {
  /** Every m-section (kind, mid, protocol, first format) in order. */
  sections: { kind: string; mid: string; protocol: string; format: string }[]
  /** Index in `sections` of the video section. */
  videoIndex: number
  /** Index of the data channel (`m=application`) section, or -1. */
  applicationIndex: number
  /** The video codec chosen (the first of the preference order the offer has). */
  codecName: VideoCodecName
  codec: OfferedCodec
  /** SSRC of the sender's video (the first `a=ssrc`, not an RTX one), when the offer names it. */
  ssrc: number | undefined
  /** The video section's header extensions the answer keeps ({@link WHIP_EXTENSIONS}). */
  extmaps: { id: number; uri: string }[]
  /** `sendrecv` (video comes back) or `sendonly`. */
  direction: 'sendrecv' | 'sendonly'
  /** The Opus audio the sender sends, when asked for and offered (else its section is rejected). */
  audio: WhipAudio | undefined
}

/** An offer's Opus audio section. */
export type WhipAudio = {
  /** Index in `sections`. */
  index: number
  mid: string
  payloadType: number
  fmtp: string | undefined
  parameters: Record<string, string | number>
  ssrc: number | undefined
  extmaps: { id: number; uri: string }[]
}

function findAudio(parts: ReturnType<typeof splitSdp>): WhipAudio | undefined {
  const index = parts.sections.findIndex(
    (s) => s.kind === 'audio' && !s.lines.includes('a=recvonly') && !s.lines.includes('a=inactive'),
  )
  const section = parts.sections[index]
  if (!section || section.lines[0]!.startsWith('m=audio 0 ')) return undefined
  for (const l of section.lines) {
    const m = /^a=rtpmap:(\d+) opus\/48000\/2$/i.exec(l)
    if (!m) continue
    const pt = Number(m[1])
    const fmtp = section.lines.find((x) => x.startsWith(`a=fmtp:${pt} `))?.slice(`a=fmtp:${pt} `.length)
    return {
      index,
      mid: section.mid,
      payloadType: pt,
      fmtp,
      parameters: fmtp ? parseFmtp(fmtp) : {},
      ssrc: firstSsrc(section.lines),
      extmaps: sectionExtmaps(section.lines).filter((e) => e.uri === WHIP_EXTENSIONS[0]),
    }
  }
  return undefined
}

function firstSsrc(lines: string[]): number | undefined {
  const rtx = new Set<string>()
  for (const l of lines) {
    const m = /^a=ssrc-group:FID \d+ (\d+)/.exec(l)
    if (m) rtx.add(m[1]!)
  }
  for (const l of lines) {
    const m = /^a=ssrc:(\d+) /.exec(l)
    if (m && !rtx.has(m[1]!)) return Number(m[1])
  }
  return undefined
}

/**
 * Reads a WHIP offer, choosing the video codec by `codecs` (preference order).
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`), SdpFingerprintInvalidError
 * (`SDP_FINGERPRINT_INVALID`), SdpCodecUnsupportedError (`SDP_CODEC_UNSUPPORTED`; H.264 must be
 * constrained baseline with packetization mode 1).
 * @example
 * const offer = parseWhipOffer(sdp, ['H264', 'VP8']) // offer.codecName === 'H264'
 */
export function parseWhipOffer(
  sdp: string,
  codecs: VideoCodecName[],
  options: { audio?: boolean } = {},
): WhipOffer {
  inspectOffer(sdp)
  const parts = splitSdp(sdp)
  const videoIndex = parts.sections.findIndex((s) => s.kind === 'video')
  const video = parts.sections[videoIndex]!
  if (video.lines.some((l) => l === 'a=recvonly' || l === 'a=inactive'))
    throw new SdpMalformedError('the video section must be sendrecv (or sendonly) to publish')
  let codecName: VideoCodecName | undefined
  let codec: OfferedCodec | undefined
  for (const name of codecs) {
    codec = findOfferedCodec(video.lines, name)
    if (codec) {
      codecName = name
      break
    }
  }
  if (!codec || !codecName) throw new SdpCodecUnsupportedError()
  return {
    ...offerTransport(parts, video),
    sections: parts.sections.map(({ kind, mid, protocol, format }) => ({ kind, mid, protocol, format })),
    videoIndex,
    applicationIndex: parts.sections.findIndex((s) => s.kind === 'application'),
    codecName,
    codec: {
      ...codec,
      rtcpFeedback: codec.rtcpFeedback.filter((f) =>
        FEEDBACK.has(`${f.type}${f.parameter ? ` ${f.parameter}` : ''}`),
      ),
    },
    ssrc: firstSsrc(video.lines),
    extmaps: sectionExtmaps(video.lines).filter((e) => WHIP_EXTENSIONS.includes(e.uri)),
    direction: video.lines.includes('a=sendonly') ? 'sendonly' : 'sendrecv',
    audio: options.audio ? findAudio(parts) : undefined,
  }
}

/** The router codec and the producer's RTP parameters of the offer's Opus audio. */
export function whipAudioParameters(audio: WhipAudio): {
  codec: types.RouterRtpCodecCapability
  rtpParameters: types.RtpParameters
} {
  const base = { mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: audio.parameters }
  return {
    codec: { kind: 'audio', preferredPayloadType: audio.payloadType, ...base },
    rtpParameters: {
      mid: audio.mid,
      codecs: [{ payloadType: audio.payloadType, ...base }],
      headerExtensions: audio.extmaps.map((e) => ({ id: e.id, uri: e.uri as types.RtpHeaderExtensionUri })),
      encodings: [audio.ssrc !== undefined ? { ssrc: audio.ssrc } : {}],
      rtcp: { reducedSize: true },
    },
  }
}

/** The router codec for the offer's video (its own parameters, so the producer matches). */
export function whipRouterCodec(offer: WhipOffer): types.RouterRtpCodecCapability {
  return {
    kind: 'video',
    mimeType: offer.codec.mimeType,
    clockRate: 90000,
    preferredPayloadType: offer.codec.payloadType,
    parameters: offer.codec.parameters,
  }
}

/** The producer's RTP parameters: what the sender sends, as the offer declares it. */
export function whipProducerParameters(offer: WhipOffer): types.RtpParameters {
  const mid = offer.sections[offer.videoIndex]!.mid
  return {
    mid,
    codecs: [
      {
        mimeType: offer.codec.mimeType,
        payloadType: offer.codec.payloadType,
        clockRate: 90000,
        parameters: offer.codec.parameters,
        rtcpFeedback: offer.codec.rtcpFeedback,
      },
    ],
    headerExtensions: offer.extmaps.map((e) => ({ id: e.id, uri: e.uri as types.RtpHeaderExtensionUri })),
    encodings: [offer.ssrc !== undefined ? { ssrc: offer.ssrc } : {}],
    rtcp: { reducedSize: true },
  }
}

/** The capabilities the returned video's Consumer is made for: the offer's codec and extension ids. */
export function whipReturnCapabilities(
  offer: WhipOffer,
  router: types.RtpCapabilities,
): types.RtpCapabilities {
  return {
    codecs: [
      {
        kind: 'video',
        mimeType: offer.codec.mimeType,
        preferredPayloadType: offer.codec.payloadType,
        clockRate: 90000,
        parameters: offer.codec.parameters,
        rtcpFeedback: offer.codec.rtcpFeedback,
      },
    ],
    headerExtensions: (router.headerExtensions ?? []).filter(
      (h) => h.kind === 'video' && offer.extmaps.some((e) => e.id === h.preferredId && e.uri === h.uri),
    ),
  }
}

/**
 * Writes the answer: the video section (sendrecv with the returned video's SSRC, or recvonly), the
 * data channel section, every other section rejected.
 */
export function buildWhipAnswer(
  offer: WhipOffer,
  transport: types.WebRtcTransport,
  returned: types.Consumer | undefined,
): string {
  const accepted = offer.sections.filter(
    (_, i) => i === offer.videoIndex || i === offer.applicationIndex || i === offer.audio?.index,
  )
  const out = answerHead(accepted.map((s) => s.mid))
  const common = [...transportLines(transport, offer.dtlsRole)]
  offer.sections.forEach((s, i) => {
    if (i === offer.videoIndex) {
      const c = offer.codec
      const ssrc = returned?.rtpParameters.encodings?.[0]?.ssrc
      const cname = returned?.rtpParameters.rtcp?.cname ?? 'prism'
      out.push(
        `m=video 9 UDP/TLS/RTP/SAVPF ${c.payloadType}`,
        'c=IN IP4 0.0.0.0',
        `a=mid:${s.mid}`,
        returned ? 'a=sendrecv' : 'a=recvonly',
        ...common,
        'a=rtcp-mux',
        'a=rtcp-rsize',
        `a=rtpmap:${c.payloadType} ${offer.codecName}/90000`,
        ...c.rtcpFeedback.map(
          (f) => `a=rtcp-fb:${c.payloadType} ${f.type}${f.parameter ? ` ${f.parameter}` : ''}`,
        ),
        ...(c.fmtp ? [`a=fmtp:${c.payloadType} ${c.fmtp}`] : []),
        ...offer.extmaps.map((e) => `a=extmap:${e.id} ${e.uri}`),
        ...(ssrc !== undefined
          ? ['a=msid:prism video', `a=ssrc:${ssrc} cname:${cname}`, `a=ssrc:${ssrc} msid:prism video`]
          : []),
        ...candidateLines(transport),
      )
    } else if (i === offer.audio?.index) {
      const a = offer.audio
      out.push(
        `m=audio 9 UDP/TLS/RTP/SAVPF ${a.payloadType}`,
        'c=IN IP4 0.0.0.0',
        `a=mid:${s.mid}`,
        'a=recvonly',
        ...common,
        'a=rtcp-mux',
        'a=rtcp-rsize',
        `a=rtpmap:${a.payloadType} opus/48000/2`,
        ...(a.fmtp ? [`a=fmtp:${a.payloadType} ${a.fmtp}`] : []),
        ...a.extmaps.map((e) => `a=extmap:${e.id} ${e.uri}`),
        ...candidateLines(transport),
      )
    } else if (i === offer.applicationIndex) {
      const port = transport.sctpParameters?.port ?? 5000
      const legacy = s.protocol === 'DTLS/SCTP'
      out.push(
        legacy ? `m=application 9 DTLS/SCTP ${port}` : 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'c=IN IP4 0.0.0.0',
        `a=mid:${s.mid}`,
        ...common,
        ...(legacy ? [`a=sctpmap:${port} webrtc-datachannel 1024`] : [`a=sctp-port:${port}`]),
        `a=max-message-size:${transport.sctpParameters?.maxMessageSize ?? 262144}`,
        ...candidateLines(transport),
      )
    } else out.push(...rejectedSection(s))
  })
  return `${out.join('\r\n')}\r\n`
}
