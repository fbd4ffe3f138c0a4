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
export type WhepOffer = {
  iceUfrag: string
  icePwd: string
  fingerprint: { algorithm: string; value: string }
  /**
   * The viewer's DTLS role: `client` when it offers `actpass` or `active` (the usual case; mediasoup
   * is then the DTLS server and answers `passive`), `server` when it offers `passive`.
   */
  dtlsRole: 'client' | 'server'
  /** Every m-section (kind, mid, protocol, first format) in order. */
  sections: { kind: string; mid: string; protocol: string; format: string }[]
  /** Index in `sections` of the video section. */
  videoIndex: number
  codec: OfferedCodec
  /** The video section's header extensions. */
  extmaps: { id: number; uri: string }[]
}

/** H.264 constrained baseline (profile 42, constraints e0), packetization mode 1: what the source sends. */
function h264Matches(params: Record<string, string | number>): boolean {
  const profile = String(params['profile-level-id'] ?? '42001f').toLowerCase()
  return Number(params['packetization-mode'] ?? 0) === 1 && profile.startsWith('42e0')
}

function parseFmtp(value: string): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const pair of value.split(';')) {
    const [k, v] = pair.split('=').map((s) => s.trim())
    if (!k || v === undefined) continue
    out[k] = /^\d+$/.test(v) && k !== 'profile-level-id' ? Number(v) : v
  }
  return out
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
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0)
  const session: string[] = []
  const media: string[][] = []
  for (const l of lines) {
    if (l.startsWith('m=')) media.push([l])
    else (media.at(-1) ?? session).push(l)
  }
  const attr = (block: string[], name: string): string | undefined =>
    (block.find((l) => l.startsWith(`a=${name}:`)) ?? session.find((l) => l.startsWith(`a=${name}:`)))?.slice(
      name.length + 3,
    )
  const sections = media.map((block, i) => {
    const m = /^m=(\w+) \d+ (\S+) (\S+)/.exec(block[0]!)
    if (!m) throw new SdpMalformedError(`bad media line "${block[0]!.slice(0, 60)}"`)
    return { kind: m[1]!, mid: attr(block, 'mid') ?? String(i), protocol: m[2]!, format: m[3]! }
  })
  const videoIndex = sections.findIndex((s) => s.kind === 'video')
  const video = media[videoIndex]!
  if (video.some((l) => l === 'a=sendonly' || l === 'a=inactive'))
    throw new SdpMalformedError('the video section must be recvonly (or sendrecv) to watch')
  const iceUfrag = attr(video, 'ice-ufrag')
  const icePwd = attr(video, 'ice-pwd')
  const fp = attr(video, 'fingerprint')?.split(' ')
  if (!iceUfrag || !icePwd || !fp || fp.length !== 2)
    throw new SdpMalformedError('the video section lacks ICE credentials or a DTLS fingerprint')
  const want = codec === 'H264' ? 'h264' : 'vp8'
  let offered: OfferedCodec | undefined
  for (const l of video) {
    const m = /^a=rtpmap:(\d+) ([\w-]+)\/90000/.exec(l)
    if (!m || m[2]!.toLowerCase() !== want) continue
    const pt = Number(m[1])
    const fmtp = video.find((x) => x.startsWith(`a=fmtp:${pt} `))?.slice(`a=fmtp:${pt} `.length)
    const parameters = fmtp ? parseFmtp(fmtp) : {}
    if (codec === 'H264' && !h264Matches(parameters)) continue
    const rtcpFeedback = video
      .filter((x) => x.startsWith(`a=rtcp-fb:${pt} `) || x.startsWith('a=rtcp-fb:* '))
      .map((x) => {
        const [type = '', parameter = ''] = x.slice(x.indexOf(' ') + 1).split(' ')
        return { type, parameter }
      })
    offered = { payloadType: pt, mimeType: `video/${codec}`, parameters, fmtp, rtcpFeedback }
    break
  }
  if (!offered) throw new SdpCodecUnsupportedError()
  const extmaps = video.flatMap((l) => {
    const m = /^a=extmap:(\d+)(?:\/\w+)? (\S+)/.exec(l)
    return m ? [{ id: Number(m[1]), uri: m[2]! }] : []
  })
  return {
    iceUfrag,
    icePwd,
    fingerprint: { algorithm: fp[0]!.toLowerCase(), value: fp[1]! },
    dtlsRole: attr(video, 'setup') === 'passive' ? 'server' : 'client',
    sections,
    videoIndex,
    codec: offered,
    extmaps,
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
  const fp =
    transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ??
    transport.dtlsParameters.fingerprints[0]!
  const video = offer.sections[offer.videoIndex]!
  const codec = consumer.rtpParameters.codecs[0]!
  const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0
  const cname = consumer.rtpParameters.rtcp?.cname ?? 'prism'
  const out = [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${video.mid}`,
    'a=msid-semantic: WMS prism',
  ]
  offer.sections.forEach((s, i) => {
    if (i !== offer.videoIndex) {
      out.push(`m=${s.kind} 0 ${s.protocol} ${s.format}`, 'c=IN IP4 0.0.0.0', `a=mid:${s.mid}`, 'a=inactive')
      return
    }
    out.push(
      `m=video 9 UDP/TLS/RTP/SAVPF ${codec.payloadType}`,
      'c=IN IP4 0.0.0.0',
      `a=mid:${s.mid}`,
      'a=sendonly',
      `a=ice-ufrag:${transport.iceParameters.usernameFragment}`,
      `a=ice-pwd:${transport.iceParameters.password}`,
      `a=fingerprint:${fp.algorithm} ${fp.value}`,
      `a=setup:${offer.dtlsRole === 'server' ? 'active' : 'passive'}`,
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
      ...transport.iceCandidates.map(
        (c) =>
          `a=candidate:${c.foundation} 1 ${c.protocol} ${c.priority} ${c.address} ${c.port} typ ${c.type}${
            c.protocol === 'tcp' ? ` tcptype ${c.tcpType ?? 'passive'}` : ''
          }`,
      ),
      'a=end-of-candidates',
    )
  })
  return `${out.join('\r\n')}\r\n`
}
