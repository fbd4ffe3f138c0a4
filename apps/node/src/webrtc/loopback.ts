/**
 * ICE settings that work on loopback (docs/environment.md "WebRTC on loopback"): no public STUN, IPv4
 * only, host candidates on 127.0.0.1, candidate pairs whose remote host is 127.0.0.1.
 */
import type { PeerConfig } from 'werift'

/** Options of {@link loopbackPeerConfig}. */
export type IceMode = {
  /** Restrict ICE to 127.0.0.1 (tests, dev). Default: true. */
  loopbackOnly?: boolean
}

/**
 * Returns the werift peer configuration fragment for loopback-only ICE (or, with
 * `loopbackOnly: false`, all IPv4 interfaces and still no STUN server).
 *
 * @example
 * new RTCPeerConnection({ ...loopbackPeerConfig(), codecs })
 */
export function loopbackPeerConfig(mode: IceMode = {}): Partial<PeerConfig> {
  if (mode.loopbackOnly === false) return { iceServers: [], iceUseIpv6: false }
  return {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair) => pair.remoteCandidate.host === '127.0.0.1',
  }
}

/**
 * Drops `a=candidate` lines whose address is not 127.0.0.1 from an SDP (loopback mode).
 *
 * @example
 * keepLoopbackCandidates(answer.sdp)
 */
export function keepLoopbackCandidates(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true
      const parts = line.split(' ')
      return parts[4] === '127.0.0.1'
    })
    .join('\r\n')
}
