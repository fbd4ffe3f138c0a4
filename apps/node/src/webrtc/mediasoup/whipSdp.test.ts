import type { types } from 'mediasoup'
import { describe, expect, it } from 'vitest'
import { buildWhipAnswer, parseWhipOffer, whipProducerParameters } from './whipSdp.ts'

const FP = Array.from({ length: 32 }, (_, i) => (i * 5).toString(16).padStart(2, '0').toUpperCase()).join(':')

/** A browser-like WHIP offer: sendrecv video (VP8 96 + RTX, H.264 42e01f 106), audio, data channels. */
function offer(o: { direction?: string; application?: string[] } = {}): string {
  return [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 106',
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    `a=${o.direction ?? 'sendrecv'}`,
    'a=ice-ufrag:abcd',
    'a=ice-pwd:0123456789abcdefghijkl',
    `a=fingerprint:sha-256 ${FP}`,
    'a=setup:actpass',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:9 urn:ietf:params:rtp-hdrext:toffset',
    'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 goog-remb',
    'a=rtcp-fb:96 transport-cc',
    'a=rtcp-fb:96 ccm fir',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 rrtr',
    'a=rtpmap:97 rtx/90000',
    'a=fmtp:97 apt=96',
    'a=rtpmap:106 H264/90000',
    'a=rtcp-fb:106 nack pli',
    'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    'a=ssrc-group:FID 1111 2222',
    'a=ssrc:1111 cname:abc',
    'a=ssrc:2222 cname:abc',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=sendonly',
    'a=rtpmap:111 opus/48000/2',
    ...(o.application ?? [
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=mid:2',
      'a=sctp-port:5000',
    ]),
    '',
  ].join('\r\n')
}

const transport = {
  iceParameters: { usernameFragment: 'uf', password: 'pw' },
  dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
  iceCandidates: [
    { foundation: 'u', priority: 10, address: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host' },
  ],
  sctpParameters: { port: 5000, maxMessageSize: 262144 },
} as unknown as types.WebRtcTransport

const returned = {
  rtpParameters: { codecs: [], encodings: [{ ssrc: 777 }], rtcp: { cname: 'node' } },
} as unknown as types.Consumer

describe('parseWhipOffer', () => {
  it('chooses by the preference order and keeps the sender SSRC (not its RTX)', () => {
    const h264 = parseWhipOffer(offer(), ['H264', 'VP8'])
    expect([h264.codecName, h264.codec.payloadType, h264.ssrc, h264.direction]).toEqual([
      'H264',
      106,
      1111,
      'sendrecv',
    ])
    const vp8 = parseWhipOffer(offer(), ['VP8'])
    expect([vp8.codecName, vp8.codec.payloadType]).toEqual(['VP8', 96])
    // loss recovery and keyframe feedback; no bandwidth estimates (whipSdp.ts), no rrtr
    expect(vp8.codec.rtcpFeedback.map((f) => `${f.type} ${f.parameter}`.trim())).toEqual([
      'ccm fir',
      'nack',
      'nack pli',
    ])
    // only the extensions the answer accepts, with the offer's ids
    expect(vp8.extmaps).toEqual([
      { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
      { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
    ])
    expect(vp8.applicationIndex).toBe(2)
  })

  it('gives the producer the offer mid, payload type, extension ids and SSRC', () => {
    const p = whipProducerParameters(parseWhipOffer(offer(), ['VP8']))
    expect(p).toMatchObject({ mid: '0', encodings: [{ ssrc: 1111 }], codecs: [{ payloadType: 96 }] })
    expect(p.headerExtensions?.map((h) => h.id)).toEqual([4, 2])
  })

  it('refuses a recvonly video section and offers without a usable codec', () => {
    expect(() => parseWhipOffer(offer({ direction: 'recvonly' }), ['H264'])).toThrow(
      expect.objectContaining({ code: 'SDP_MALFORMED' }),
    )
    // the only H.264 is not constrained baseline
    const high = offer().replace('profile-level-id=42e01f', 'profile-level-id=64001f')
    expect(() => parseWhipOffer(high, ['H264'])).toThrow(
      expect.objectContaining({ code: 'SDP_CODEC_UNSUPPORTED' }),
    )
  })
})

describe('buildWhipAnswer', () => {
  it('answers video sendrecv with the returned SSRC, the data channels on SCTP, audio rejected', () => {
    const lines = buildWhipAnswer(parseWhipOffer(offer(), ['H264']), transport, returned).split('\r\n')
    expect(lines).toEqual(
      expect.arrayContaining([
        'a=ice-lite',
        'a=group:BUNDLE 0 2',
        'm=video 9 UDP/TLS/RTP/SAVPF 106',
        'a=sendrecv',
        'a=setup:passive',
        'a=rtpmap:106 H264/90000',
        'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
        'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
        'a=ssrc:777 cname:node',
        'm=audio 0 UDP/TLS/RTP/SAVPF 111',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'a=sctp-port:5000',
        'a=max-message-size:262144',
        'a=candidate:u 1 udp 10 127.0.0.1 40000 typ host',
      ]),
    )
    expect(lines).not.toContain('a=extmap:9 urn:ietf:params:rtp-hdrext:toffset')
  })

  it('answers a sendonly sender recvonly, and the legacy SCTP syntax in kind', () => {
    const legacy = [
      'm=application 9 DTLS/SCTP 5000',
      'c=IN IP4 0.0.0.0',
      'a=mid:2',
      'a=sctpmap:5000 webrtc-datachannel 1024',
    ]
    const sdp = buildWhipAnswer(
      parseWhipOffer(offer({ direction: 'sendonly', application: legacy }), ['VP8']),
      transport,
      undefined,
    )
    expect(sdp).toContain('a=recvonly\r\n')
    expect(sdp).not.toContain('a=ssrc:')
    expect(sdp).toContain('m=application 9 DTLS/SCTP 5000\r\n')
    expect(sdp).toContain('a=sctpmap:5000 webrtc-datachannel 1024\r\n')
  })

  it('answers the Opus audio recvonly and bundles it when the caller takes audio (the gateway)', () => {
    const parsed = parseWhipOffer(offer(), ['VP8'], { audio: true })
    expect(parsed.audio).toMatchObject({ index: 1, mid: '1', payloadType: 111 })
    const sdp = buildWhipAnswer(parsed, transport, undefined)
    expect(sdp).toContain('a=group:BUNDLE 0 1 2\r\n')
    expect(sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=recvonly\r\n')
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2\r\n')
    // without it (the orchestrator) the audio section is rejected
    expect(buildWhipAnswer(parseWhipOffer(offer(), ['VP8']), transport, undefined)).toContain(
      'm=audio 0 UDP/TLS/RTP/SAVPF 111\r\n',
    )
  })
})
