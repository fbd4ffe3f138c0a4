/**
 * DTLS fingerprints are checked before any peer connection is made: a real werift offer whose
 * `a=fingerprint` lines are replaced by malformed (`sha-256 ZZ`) or unsupported (`md5 00`, a
 * well-formed md5 or sha-1 alone) values gets 400 SDP_FINGERPRINT_INVALID over HTTP and creates no
 * session, while the offer as made gets its 201.
 */
import { MediaPeer, type RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'

let node: RunningOrchestrator
let offer: string
let offerer: MediaPeer

beforeAll(async () => {
  node = await startTestOrchestrator({ orchestrator: { connectTimeoutMs: 1000 } })
  ;({ peer: offerer, offerSdp: offer } = await MediaPeer.offer({ codecs: ['H264'] }))
})
afterAll(async () => {
  await offerer?.close()
  await node?.close()
  await expectNoFfmpegLeft()
})

const pairs = (n: number) =>
  Array.from({ length: n }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':')

async function post(stream: string, sdp: string) {
  const res = await fetch(`${node.url}/live/${stream}/whip`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body: sdp,
  })
  const text = await res.text()
  return {
    status: res.status,
    code: res.status === 201 ? undefined : (JSON.parse(text) as { code: string }).code,
  }
}

describe('WHIP offers with bad DTLS fingerprints', () => {
  it('are refused with SDP_FINGERPRINT_INVALID; the offer as made is answered', async () => {
    expect(offer).toMatch(/a=fingerprint:sha-256 /)
    for (const [i, value] of [
      'sha-256 ZZ',
      'md5 00',
      `md5 ${pairs(16)}`,
      `sha-1 ${pairs(20)}`,
      'sha-256',
    ].entries()) {
      const sdp = offer.replace(/a=fingerprint:[^\r\n]*/g, `a=fingerprint:${value}`)
      expect(await post(`bad${i}`, sdp), value).toEqual({ status: 400, code: 'SDP_FINGERPRINT_INVALID' })
    }
    expect(node.orchestrator.sessions).toEqual([])
    expect(await post('good', offer)).toEqual({ status: 201, code: undefined })
  })
})
