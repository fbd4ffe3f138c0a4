/**
 * SDP pieces shared by the WHEP and WHIP answers on mediasoup: splitting an offer into its
 * sections, reading attributes and fmtp lines, and writing a WebRtcTransport's ICE, DTLS and
 * candidate lines (mediasoup is ICE-lite; the answer's DTLS role is the complement of the offer's).
 */
import type { types } from 'mediasoup'
import { SdpMalformedError } from '../errors.ts'

/** One m-section of an offer: its header fields and its lines (the m= line first). */
export type SdpSection = { kind: string; mid: string; protocol: string; format: string; lines: string[] }

/** An offer split into session lines and media sections. */
export type SdpParts = {
  session: string[]
  sections: SdpSection[]
  /** An attribute's value in a section, else at session level, else undefined. */
  attr(section: SdpSection, name: string): string | undefined
}

/**
 * Splits an SDP into its session lines and media sections.
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`) for an m= line it cannot read.
 */
export function splitSdp(sdp: string): SdpParts {
  const session: string[] = []
  const blocks: string[][] = []
  for (const l of sdp.split(/\r?\n/)) {
    if (l.length === 0) continue
    if (l.startsWith('m=')) blocks.push([l])
    else (blocks.at(-1) ?? session).push(l)
  }
  const find = (lines: string[], name: string) =>
    lines.find((l) => l.startsWith(`a=${name}:`))?.slice(name.length + 3)
  const sections = blocks.map((lines, i) => {
    const m = /^m=(\w+) \d+ (\S+) (\S+)/.exec(lines[0]!)
    if (!m) throw new SdpMalformedError(`bad media line "${lines[0]!.slice(0, 60)}"`)
    return { kind: m[1]!, mid: find(lines, 'mid') ?? String(i), protocol: m[2]!, format: m[3]!, lines }
  })
  return {
    session,
    sections,
    attr: (section, name) => find(section.lines, name) ?? find(session, name),
  }
}

/** Reads an fmtp value (`a=1;b=x`) into parameters, numbers where numeric (never profile-level-id). */
export function parseFmtp(value: string): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  for (const pair of value.split(';')) {
    const [k, v] = pair.split('=').map((s) => s.trim())
    if (!k || v === undefined) continue
    out[k] = /^\d+$/.test(v) && k !== 'profile-level-id' ? Number(v) : v
  }
  return out
}

/** The remote's ICE credentials, DTLS fingerprint and DTLS role, read from one section. */
export type OfferTransport = {
  iceUfrag: string
  icePwd: string
  fingerprint: { algorithm: string; value: string }
  /**
   * The remote's DTLS role: `client` when it offers `actpass` or `active` (the usual case; mediasoup
   * is then the DTLS server and answers `passive`), `server` when it offers `passive`.
   */
  dtlsRole: 'client' | 'server'
}

/**
 * Reads the transport attributes of a section.
 *
 * @throws SdpMalformedError (`SDP_MALFORMED`) when ICE credentials or the fingerprint are missing.
 */
export function offerTransport(parts: SdpParts, section: SdpSection): OfferTransport {
  const iceUfrag = parts.attr(section, 'ice-ufrag')
  const icePwd = parts.attr(section, 'ice-pwd')
  const fp = parts.attr(section, 'fingerprint')?.split(' ')
  if (!iceUfrag || !icePwd || !fp || fp.length !== 2)
    throw new SdpMalformedError(`the ${section.kind} section lacks ICE credentials or a DTLS fingerprint`)
  return {
    iceUfrag,
    icePwd,
    fingerprint: { algorithm: fp[0]!.toLowerCase(), value: fp[1]! },
    dtlsRole: parts.attr(section, 'setup') === 'passive' ? 'server' : 'client',
  }
}

/** The DTLS parameters to `connect` a transport with, from the offer. */
export function remoteDtls(t: OfferTransport): types.DtlsParameters {
  return {
    role: t.dtlsRole,
    fingerprints: [
      { algorithm: t.fingerprint.algorithm as types.FingerprintAlgorithm, value: t.fingerprint.value },
    ],
  }
}

/** The ICE and DTLS lines of an answer section for a mediasoup WebRtcTransport. */
export function transportLines(transport: types.WebRtcTransport, remoteRole: 'client' | 'server'): string[] {
  const fp =
    transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ??
    transport.dtlsParameters.fingerprints[0]!
  return [
    `a=ice-ufrag:${transport.iceParameters.usernameFragment}`,
    `a=ice-pwd:${transport.iceParameters.password}`,
    `a=fingerprint:${fp.algorithm} ${fp.value}`,
    `a=setup:${remoteRole === 'server' ? 'active' : 'passive'}`,
  ]
}

/** The candidate lines of a mediasoup WebRtcTransport, ending with `a=end-of-candidates`. */
export function candidateLines(transport: types.WebRtcTransport): string[] {
  return [
    ...transport.iceCandidates.map(
      (c) =>
        `a=candidate:${c.foundation} 1 ${c.protocol} ${c.priority} ${c.address} ${c.port} typ ${c.type}${
          c.protocol === 'tcp' ? ` tcptype ${c.tcpType ?? 'passive'}` : ''
        }`,
    ),
    'a=end-of-candidates',
  ]
}

/** The session lines of an answer (ICE-lite) bundling `mids`. */
export function answerHead(mids: string[]): string[] {
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${mids.join(' ')}`,
    'a=msid-semantic: WMS prism',
  ]
}

/** A rejected section of an answer (port 0). */
export function rejectedSection(s: Pick<SdpSection, 'kind' | 'mid' | 'protocol' | 'format'>): string[] {
  return [`m=${s.kind} 0 ${s.protocol} ${s.format}`, 'c=IN IP4 0.0.0.0', `a=mid:${s.mid}`, 'a=inactive']
}
