import { describe, expect, it } from 'vitest'
import { keepLoopbackCandidates } from './loopback.ts'
import { inspectOffer } from './sdpOffer.ts'

/** A minimal offer with one video section carrying the given rtpmap lines. */
export function offerWith(rtpmaps: string[]): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    `m=video 9 UDP/TLS/RTP/SAVPF ${rtpmaps.map((_, i) => 96 + i).join(' ')}`,
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
    'a=setup:actpass',
    'a=sendrecv',
    ...rtpmaps.map((c, i) => `a=rtpmap:${96 + i} ${c}/90000`),
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'a=mid:1',
    '',
  ].join('\r\n')
}

describe('inspectOffer', () => {
  it('lists supported codecs in offer order and sees data channels', () => {
    expect(inspectOffer(offerWith(['VP8', 'AV1', 'H264']))).toEqual({
      videoCodecs: ['VP8', 'H264'],
      hasDataChannels: true,
      videoSections: 1,
    })
  })
  it('refuses an offer without H264 or VP8', () => {
    expect(() => inspectOffer(offerWith(['AV1', 'VP9']))).toThrow(
      expect.objectContaining({ code: 'SDP_CODEC_UNSUPPORTED' }),
    )
  })
  it('refuses text that is not SDP', () => {
    expect(() => inspectOffer('hello')).toThrow(expect.objectContaining({ code: 'SDP_MALFORMED' }))
  })
  it('refuses an offer without a video section', () => {
    const sdp = offerWith(['H264']).replace(/m=video[^\r]*/, 'm=audio 9 UDP/TLS/RTP/SAVPF 111')
    expect(() => inspectOffer(sdp)).toThrow(expect.objectContaining({ code: 'SDP_MALFORMED' }))
  })
})

describe('keepLoopbackCandidates', () => {
  it('drops candidates that are not on 127.0.0.1', () => {
    const sdp =
      'v=0\r\na=candidate:1 1 udp 1 10.0.0.2 5000 typ host\r\na=candidate:2 1 udp 1 127.0.0.1 5001 typ host'
    expect(keepLoopbackCandidates(sdp)).toBe('v=0\r\na=candidate:2 1 udp 1 127.0.0.1 5001 typ host')
  })
})
