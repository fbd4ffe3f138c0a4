import type { types } from 'mediasoup'
import { describe, expect, it } from 'vitest'
import { buildWhepAnswer, parseWhepOffer, viewerRtpCapabilities } from './whepSdp.ts'

const FP = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':')

/** A browser-like WHEP offer: audio first, then video with VP8 96, RTX 97, H.264 (two profiles). */
function offer(video: { direction?: string; extra?: string[] } = {}): string {
  return [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    'a=recvonly',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:0123456789abcdefghijkl',
    `a=fingerprint:sha-256 ${FP}`,
    'a=setup:actpass',
    'a=rtpmap:111 opus/48000/2',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 106',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    `a=${video.direction ?? 'recvonly'}`,
    'a=ice-ufrag:abcd',
    'a=ice-pwd:0123456789abcdefghijkl',
    `a=fingerprint:sha-256 ${FP}`,
    'a=setup:actpass',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 transport-cc',
    'a=rtpmap:97 rtx/90000',
    'a=fmtp:97 apt=96',
    'a=rtpmap:102 H264/90000',
    'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
    'a=rtpmap:106 H264/90000',
    'a=rtcp-fb:106 nack pli',
    'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    ...(video.extra ?? []),
    '',
  ].join('\r\n')
}

describe('parseWhepOffer', () => {
  it('takes the payload type the viewer numbers the stream codec with', () => {
    const vp8 = parseWhepOffer(offer(), 'VP8')
    expect(vp8.codec).toMatchObject({ payloadType: 96, mimeType: 'video/VP8' })
    expect(vp8.codec.rtcpFeedback).toEqual([
      { type: 'nack', parameter: '' },
      { type: 'nack', parameter: 'pli' },
      { type: 'transport-cc', parameter: '' },
    ])
    expect(vp8.sections.map((s) => [s.kind, s.mid])).toEqual([
      ['audio', '0'],
      ['video', '1'],
    ])
    expect(vp8.videoIndex).toBe(1)
    expect(vp8.fingerprint).toEqual({ algorithm: 'sha-256', value: FP })
    expect(vp8.dtlsRole).toBe('client')
    expect(parseWhepOffer(offer().replaceAll('a=setup:actpass', 'a=setup:passive'), 'VP8').dtlsRole).toBe(
      'server',
    )
    // H.264: only constrained baseline (42e0..) with packetization mode 1 matches the source
    const h264 = parseWhepOffer(offer(), 'H264')
    expect(h264.codec.payloadType).toBe(106)
    expect(h264.codec.parameters).toEqual({
      'level-asymmetry-allowed': 1,
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
    })
  })

  it('refuses what cannot watch, with typed codes', () => {
    expect(() => parseWhepOffer(offer({ direction: 'sendonly' }), 'VP8')).toThrow(
      expect.objectContaining({ code: 'SDP_MALFORMED' }),
    )
    expect(() => parseWhepOffer(offer().replace(/a=rtpmap:106.*\r\n/, ''), 'H264')).toThrow(
      expect.objectContaining({ code: 'SDP_CODEC_UNSUPPORTED' }),
    )
    expect(() => parseWhepOffer(offer().replaceAll(FP, '00:11'), 'VP8')).toThrow(
      expect.objectContaining({ code: 'SDP_FINGERPRINT_INVALID' }),
    )
    expect(() => parseWhepOffer('v=0\r\nhello\r\n', 'VP8')).toThrow(
      expect.objectContaining({ code: 'SDP_MALFORMED' }),
    )
  })
})

describe('viewerRtpCapabilities and buildWhepAnswer', () => {
  const parsed = parseWhepOffer(offer(), 'VP8')
  const routerCaps: types.RtpCapabilities = {
    codecs: [],
    headerExtensions: [
      { kind: 'video', uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', preferredId: 4 },
      {
        kind: 'video',
        uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
        preferredId: 4,
      },
    ],
  }

  it('keeps only the extensions whose id is the same on both sides', () => {
    const caps = viewerRtpCapabilities(parsed, routerCaps)
    expect(caps.codecs).toEqual([
      expect.objectContaining({ mimeType: 'video/VP8', preferredPayloadType: 96 }),
    ])
    expect(caps.headerExtensions?.map((h) => h.uri)).toEqual([
      'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    ])
  })

  it("answers with the offer's payload type, passive DTLS, the video bundled and the rest rejected", () => {
    const transport = {
      iceParameters: { usernameFragment: 'uf', password: 'pw' },
      dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
      iceCandidates: [
        { foundation: 'u', priority: 10, address: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host' },
        {
          foundation: 't',
          priority: 5,
          address: '127.0.0.1',
          protocol: 'tcp',
          port: 40001,
          type: 'host',
          tcpType: 'passive',
        },
      ],
    } as unknown as types.WebRtcTransport
    const consumer = {
      rtpParameters: {
        codecs: [
          {
            mimeType: 'video/VP8',
            payloadType: 96,
            clockRate: 90000,
            rtcpFeedback: [{ type: 'nack', parameter: 'pli' }],
          },
        ],
        headerExtensions: [
          { uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', id: 4 },
        ],
        encodings: [{ ssrc: 1234 }],
        rtcp: { cname: 'cn' },
      },
    } as unknown as types.Consumer
    const lines = buildWhepAnswer(parsed, transport, consumer).split('\r\n')
    expect(lines).toEqual(
      expect.arrayContaining([
        'a=ice-lite',
        'a=group:BUNDLE 1',
        'm=audio 0 UDP/TLS/RTP/SAVPF 111',
        'm=video 9 UDP/TLS/RTP/SAVPF 96',
        'a=mid:1',
        'a=sendonly',
        'a=setup:passive',
        'a=fingerprint:sha-256 AA:BB',
        'a=rtpmap:96 VP8/90000',
        'a=rtcp-fb:96 nack pli',
        'a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
        'a=ssrc:1234 cname:cn',
        'a=candidate:u 1 udp 10 127.0.0.1 40000 typ host',
        'a=candidate:t 1 tcp 5 127.0.0.1 40001 typ host tcptype passive',
      ]),
    )
    // the rejected audio section is not bundled and carries no transport attributes
    const audio = lines.slice(
      lines.indexOf('m=audio 0 UDP/TLS/RTP/SAVPF 111'),
      lines.indexOf('m=video 9 UDP/TLS/RTP/SAVPF 96'),
    )
    expect(audio).toEqual(['m=audio 0 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=inactive'])
  })
})
