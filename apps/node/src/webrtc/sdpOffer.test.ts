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

describe('inspectOffer: DTLS fingerprints', () => {
  const SHA256 =
    'sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF'
  const withFingerprints = (...values: string[]) =>
    offerWith(['H264']).replace(
      `a=fingerprint:${SHA256}`,
      values.map((v) => `a=fingerprint:${v}`).join('\r\n'),
    )
  const hexPairs = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 256).toString(16).padStart(2, '0')).join(':')

  for (const [name, value] of [
    ['non-hex digits', 'sha-256 ZZ'],
    ['md5 (unsupported, and too short)', 'md5 00'],
    ['md5 of the right length (unsupported)', `md5 ${hexPairs(16)}`],
    ['sha-1 alone (unsupported)', `sha-1 ${hexPairs(20)}`],
    ['sha-256 of the wrong length', `sha-256 ${hexPairs(31)}`],
    ['an unknown hash function', `whirlpool ${hexPairs(32)}`],
    ['no value', 'sha-256'],
    ['single hex digits', `sha-256 ${'0:'.repeat(31)}0`],
    ['no separators', `sha-256 ${'00'.repeat(32)}`],
  ] as const)
    it(`refuses ${name} with SDP_FINGERPRINT_INVALID`, () => {
      expect(() => inspectOffer(withFingerprints(value))).toThrow(
        expect.objectContaining({ code: 'SDP_FINGERPRINT_INVALID', httpStatus: 400 }),
      )
    })

  it('refuses a malformed fingerprint next to a valid one', () => {
    expect(() => inspectOffer(withFingerprints(SHA256, 'sha-256 ZZ'))).toThrow(
      expect.objectContaining({ code: 'SDP_FINGERPRINT_INVALID' }),
    )
  })

  it('accepts sha-256, sha-384 and sha-512 (any hex case), and sha-1 beside a supported one', () => {
    for (const value of [
      SHA256.toLowerCase(),
      `sha-384 ${hexPairs(48)}`,
      `SHA-512 ${hexPairs(64).toUpperCase()}`,
    ])
      expect(inspectOffer(withFingerprints(value)).videoCodecs).toEqual(['H264'])
    expect(inspectOffer(withFingerprints(`sha-1 ${hexPairs(20)}`, SHA256)).videoCodecs).toEqual(['H264'])
  })
})

describe('keepLoopbackCandidates', () => {
  it('drops candidates that are not on 127.0.0.1', () => {
    const sdp =
      'v=0\r\na=candidate:1 1 udp 1 10.0.0.2 5000 typ host\r\na=candidate:2 1 udp 1 127.0.0.1 5001 typ host'
    expect(keepLoopbackCandidates(sdp)).toBe('v=0\r\na=candidate:2 1 udp 1 127.0.0.1 5001 typ host')
  })
})
