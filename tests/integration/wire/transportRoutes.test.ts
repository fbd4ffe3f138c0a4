/**
 * Prism's HTTP routes over HTTP/2 on the orchestrator's one port (ALPN h2 over the self-signed TLS,
 * and prior-knowledge h2c over plaintext): /info with CORS, the preflight, /metrics, /admin, HLS
 * errors, and a whole WHIP session (offer, answer, ICE/DTLS on loopback, DELETE of its Location).
 */
import { once } from 'node:events'
import { type ClientHttp2Session, connect as http2Connect } from 'node:http2'
import { MediaPeer, type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { decodeOrchestratorInfo } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type H2Response = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

async function h2(
  session: ClientHttp2Session,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<H2Response> {
  const stream = session.request({ ':method': method, ':path': path, ...headers })
  stream.end(body)
  const [res] = (await once(stream, 'response')) as [Record<string, string | string[] | undefined>]
  let text = ''
  stream.setEncoding('utf8')
  stream.on('data', (c: string) => {
    text += c
  })
  await once(stream, 'end')
  return { status: Number(res[':status']), headers: res, body: text }
}

describe.each([
  ['TLS, ALPN h2', '127.0.0.1:0'],
  ['plaintext h2c', 'http://127.0.0.1:0'],
])('HTTP routes over HTTP/2 (%s)', (_name, httpAddr) => {
  let node: RunningOrchestrator
  let session: ClientHttp2Session
  beforeAll(async () => {
    node = await startOrchestrator({
      httpAddr,
      orchestrator: { nvidia: false },
      server: { adminToken: 'adm', corsOrigins: ['https://app.example'] },
    })
    session = http2Connect(node.url, { rejectUnauthorized: false })
    await once(session, 'connect')
  })
  afterAll(async () => {
    session?.close()
    await node?.close()
  })

  it('serves /info with CORS, the preflight, /metrics and /admin', async () => {
    const info = await h2(session, 'GET', '/info', { origin: 'https://app.example' })
    expect(info.status).toBe(200)
    expect(info.headers['access-control-allow-origin']).toBe('https://app.example')
    expect(decodeOrchestratorInfo(JSON.parse(info.body)).serviceURI).toBe(node.serviceURI)
    const preflight = await h2(session, 'OPTIONS', '/live/s/whip', {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example')
    const metrics = await h2(session, 'GET', '/metrics')
    expect(metrics.status).toBe(200)
    expect(metrics.body).toContain('livepeer_current_sessions_total')
    expect((await h2(session, 'GET', '/admin/sessions')).status).toBe(401)
    const admin = await h2(session, 'GET', '/admin/sessions', { authorization: 'Bearer adm' })
    expect(admin.status).toBe(200)
  })

  it('answers errors as JSON with their codes', async () => {
    const hls = await h2(session, 'GET', '/live/nope/hls/master.m3u8')
    expect([hls.status, JSON.parse(hls.body).code]).toEqual([404, 'HLS_NOT_FOUND'])
    const sdp = await h2(session, 'POST', '/live/s/whip', { 'content-type': 'application/sdp' }, 'v=0\r\n')
    expect([sdp.status, JSON.parse(sdp.body).code]).toEqual([400, 'SDP_MALFORMED'])
  })

  it('runs a WHIP session: offer and answer over h2, the peer connects, DELETE ends it', async () => {
    const { peer, offerSdp } = await MediaPeer.offer({ codecs: ['H264', 'VP8'], channels: ['control'] })
    try {
      const res = await h2(
        session,
        'POST',
        '/live/h2stream/whip',
        { 'content-type': 'application/sdp' },
        offerSdp,
      )
      expect(res.status).toBe(201)
      const location = String(res.headers.location)
      expect(location).toMatch(/^\/live\/h2stream\/whip\/[^/]+\/[^/]+$/)
      expect(res.headers.etag).toBeDefined()
      expect(res.body).toContain('v=0')
      const connected = new Promise<void>((resolve) =>
        peer.on('connectionstatechange', (s) => {
          if (s === 'connected') resolve()
        }),
      )
      await peer.acceptAnswer(res.body)
      await connected
      expect(node.orchestrator.sessions.length).toBe(1)
      expect((await h2(session, 'DELETE', location)).status).toBe(200)
      expect(node.orchestrator.sessions.length).toBe(0)
    } finally {
      await peer.close()
    }
  })
})
