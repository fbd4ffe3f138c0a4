import { decodeOrchestratorInfo } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { OrchestratorMetrics } from '../../metrics/OrchestratorMetrics.ts'
import { MediaPeer } from '../../webrtc/MediaPeer.ts'
import { offerWith } from '../../webrtc/sdpOffer.test.ts'
import { Orchestrator } from '../Orchestrator.ts'
import type { OrchestratorOptions } from '../OrchestratorTypes.ts'
import { PricePolicy } from '../payment/pricePolicy.ts'
import { buildServer } from './buildServer.ts'
import type { ServerOptions } from './ServerTypes.ts'

let app: FastifyInstance | undefined
let orch: Orchestrator | undefined

async function make(o: OrchestratorOptions = {}, s: Omit<ServerOptions, 'orchestrator'> = {}) {
  orch = new Orchestrator({ nvidia: false, ...o })
  await orch.start()
  app = await buildServer({ orchestrator: orch, metrics: new OrchestratorMetrics(orch), ...s })
  return app
}

afterEach(async () => {
  await app?.close()
  await orch?.close()
  app = undefined
  orch = undefined
})

const whip = (url: string, body: string, contentType = 'application/sdp') => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': contentType },
  payload: body,
})

describe('GET /info', () => {
  it('validates against OrchestratorInfoSchema and lists pipelines, capacity and encoder', async () => {
    const a = await make({ maxSessions: 3 })
    const res = await a.inject({ method: 'GET', url: '/info' })
    expect(res.statusCode).toBe(200)
    const info = decodeOrchestratorInfo(res.json())
    expect(info.pipelines.map((p) => p.kind)).toEqual(['passthrough', 'transcode'])
    expect(info.capacity).toEqual({ maxSessions: 3, sessions: 0 })
    expect(info.encoder).toBe('libx264')
    expect(info.capabilities).toContain(0)
  })
  it('merges info contributors, which receive the sender', async () => {
    const a = await make(
      {},
      {
        infoContributors: [
          (info, ctx) => ({
            models: [...info.models, { id: 'builtin:toon', description: ctx.sender ?? 'none', params: [] }],
          }),
        ],
      },
    )
    const sender = '0x00000000000000000000000000000000000000aa'
    const info = decodeOrchestratorInfo(
      (await a.inject({ method: 'GET', url: `/info?sender=${sender}` })).json(),
    )
    expect(info.models).toEqual([{ id: 'builtin:toon', description: sender, params: [] }])
  })
  it('rejects a malformed sender with HTTP_REQUEST_INVALID', async () => {
    const a = await make()
    const res = await a.inject({ method: 'GET', url: '/info?sender=nope' })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('HTTP_REQUEST_INVALID')
  })
})

/** A werift offer (negotiable, unlike offerWith); its peer closes when the test ends. */
async function realOffer(): Promise<string> {
  const { peer, offerSdp } = await MediaPeer.offer({ codecs: ['H264'] })
  onTestFinished(() => peer.close())
  return offerSdp
}

describe('WHIP error paths', () => {
  const cases: [string, () => Promise<{ status: number; code: string }>][] = [
    [
      'wrong content type',
      async () => {
        const r = await (await make()).inject(whip('/live/s1/whip', 'v=0', 'text/plain'))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'body over the body limit',
      async () => {
        const r = await (await make({}, { maxBodyBytes: 1000 })).inject(
          whip('/live/s1/whip', 'v=0\r\n'.repeat(400)),
        )
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'SDP over the SDP limit',
      async () => {
        const r = await (await make({}, { maxSdpBytes: 100 })).inject(
          whip('/live/s1/whip', offerWith(['H264'])),
        )
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'max sessions reached',
      async () => {
        const r = await (await make({ maxSessions: 0 })).inject(whip('/live/s1/whip', offerWith(['H264'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'invalid stream id',
      async () => {
        const r = await (await make()).inject(whip('/live/bad.id!/whip', offerWith(['H264'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'malformed SDP',
      async () => {
        const r = await (await make()).inject(whip('/live/s1/whip', 'this is not sdp'))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'unsupported codecs',
      async () => {
        const r = await (await make()).inject(whip('/live/s1/whip', offerWith(['AV1'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'pipeline not JSON',
      async () => {
        const r = await (await make()).inject(whip('/live/s1/whip?pipeline=%7Bnope', offerWith(['H264'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'unknown pipeline kind',
      async () => {
        const q = encodeURIComponent(JSON.stringify({ kind: 'ai', width: 64, height: 64, stages: [] }))
        const r = await (await make()).inject(whip(`/live/s1/whip?pipeline=${q}`, offerWith(['H264'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'unknown transcode profile',
      async () => {
        const q = encodeURIComponent(JSON.stringify({ kind: 'transcode', profiles: ['P9000p'] }))
        const r = await (await make()).inject(whip(`/live/s1/whip?pipeline=${q}`, offerWith(['H264'])))
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'DELETE of an unknown session',
      async () => {
        const r = await (await make()).inject({ method: 'DELETE', url: '/live/s1/whip/0123/not-the-secret' })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'DELETE with only the session id',
      async () => {
        const r = await (await make()).inject({ method: 'DELETE', url: '/live/s1/whip/0123' })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'PATCH with only the session id',
      async () => {
        const r = await (await make()).inject({
          method: 'PATCH',
          url: '/live/s1/whip/0123',
          payload: 'a=candidate',
        })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'PATCH (trickle ICE) on the Location',
      async () => {
        const a = await make()
        const created = await a.inject(whip('/live/s1/whip', await realOffer()))
        expect(created.statusCode).toBe(201)
        const r = await a.inject({
          method: 'PATCH',
          url: String(created.headers.location),
          headers: { 'content-type': 'application/trickle-ice-sdpfrag' },
          payload: 'a=candidate',
        })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'HLS of an unknown stream',
      async () => {
        const r = await (await make()).inject({ method: 'GET', url: '/live/nobody/hls/master.m3u8' })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
    [
      'unknown route',
      async () => {
        const r = await (await make()).inject({ method: 'GET', url: '/nope' })
        return { status: r.statusCode, code: r.json().code }
      },
    ],
  ]
  const expected: Record<string, [number, string]> = {
    'wrong content type': [415, 'HTTP_CONTENT_TYPE_UNSUPPORTED'],
    'body over the body limit': [413, 'HTTP_BODY_TOO_LARGE'],
    'SDP over the SDP limit': [413, 'SDP_TOO_LARGE'],
    'max sessions reached': [503, 'SESSION_LIMIT_REACHED'],
    'invalid stream id': [400, 'STREAM_ID_INVALID'],
    'malformed SDP': [400, 'SDP_MALFORMED'],
    'unsupported codecs': [400, 'SDP_CODEC_UNSUPPORTED'],
    'pipeline not JSON': [400, 'PIPELINE_SPEC_INVALID'],
    'unknown pipeline kind': [400, 'PIPELINE_KIND_UNSUPPORTED'],
    'unknown transcode profile': [400, 'PIPELINE_SPEC_INVALID'],
    'DELETE of an unknown session': [404, 'SESSION_NOT_FOUND'],
    'DELETE with only the session id': [403, 'WHIP_RESOURCE_SECRET_REQUIRED'],
    'PATCH with only the session id': [403, 'WHIP_RESOURCE_SECRET_REQUIRED'],
    'PATCH (trickle ICE) on the Location': [405, 'WHIP_PATCH_UNSUPPORTED'],
    'HLS of an unknown stream': [404, 'HLS_NOT_FOUND'],
    'unknown route': [404, 'HTTP_ROUTE_NOT_FOUND'],
  }
  for (const [name, run] of cases) {
    it(`${name} -> ${expected[name]!.join(' ')}`, async () => {
      expect(await run()).toEqual({ status: expected[name]![0], code: expected[name]![1] })
    })
  }
  it('PATCH says which methods the resource allows', async () => {
    const a = await make()
    const created = await a.inject(whip('/live/s1/whip', await realOffer()))
    const r = await a.inject({ method: 'PATCH', url: String(created.headers.location) })
    expect(r.headers.allow).toBe('DELETE')
    expect(r.json().message).toMatch(/trickle/)
  })
})

describe('admin', () => {
  it('is disabled without a token', async () => {
    const r = await (await make()).inject({ method: 'GET', url: '/admin/sessions' })
    expect([r.statusCode, r.json().code]).toEqual([404, 'ADMIN_DISABLED'])
  })
  it('rejects a wrong bearer token', async () => {
    const r = await (await make({}, { adminToken: 'secret' })).inject({
      method: 'GET',
      url: '/admin/sessions',
      headers: { authorization: 'Bearer nope' },
    })
    expect([r.statusCode, r.json().code]).toEqual([401, 'ADMIN_UNAUTHORIZED'])
  })
  it('lists sessions and sets the price shown by /info', async () => {
    const a = await make({}, { adminToken: 'secret' })
    const auth = { authorization: 'Bearer secret' }
    expect((await a.inject({ method: 'GET', url: '/admin/sessions', headers: auth })).json()).toEqual({
      sessions: [],
    })
    const set = await a.inject({
      method: 'POST',
      url: '/admin/price',
      headers: auth,
      payload: { pricePerUnit: '1200', pixelsPerUnit: '1' },
    })
    expect(set.statusCode).toBe(200)
    const info = decodeOrchestratorInfo((await a.inject({ method: 'GET', url: '/info' })).json())
    expect(info.price).toEqual({ pricePerUnit: '1200', pixelsPerUnit: '1' })
    const bad = await a.inject({
      method: 'POST',
      url: '/admin/price',
      headers: auth,
      payload: { pricePerUnit: '-1' },
    })
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'HTTP_REQUEST_INVALID'])
  })
  it('changes the PricePolicy it was given: the one price /info quotes, auto-adjust and capability prices included', async () => {
    const pricePolicy = new PricePolicy({ pricePerUnit: 5n, autoAdjustPrice: true })
    const a = await make({}, { adminToken: 'secret', pricePolicy })
    const auth = { authorization: 'Bearer secret' }
    expect(decodeOrchestratorInfo((await a.inject({ url: '/info' })).json()).price).toEqual({
      pricePerUnit: '5',
      pixelsPerUnit: '1',
    })
    const set = await a.inject({
      method: 'POST',
      url: '/admin/price',
      headers: auth,
      payload: {
        pricePerUnit: '30',
        pixelsPerUnit: '4',
        autoAdjustPrice: false,
        pricePerCapability: [
          { capability: 35, modelId: 'builtin:toon', pricePerUnit: '9', pixelsPerUnit: '1' },
        ],
      },
    })
    const settings = {
      price: { pricePerUnit: '15', pixelsPerUnit: '2' },
      autoAdjustPrice: false,
      pricePerCapability: [
        { capability: 35, modelId: 'builtin:toon', pricePerUnit: '9', pixelsPerUnit: '1' },
      ],
    }
    expect([set.statusCode, set.json()]).toEqual([200, settings])
    expect((await a.inject({ method: 'GET', url: '/admin/price', headers: auth })).json()).toEqual(settings)
    expect(pricePolicy.quote({ faceValue: 10n, txCost: 1n })).toEqual({
      pricePerUnit: 15n,
      pixelsPerUnit: 2n,
    })
    expect(pricePolicy.basePrice({ capability: 35, modelId: 'builtin:toon' })).toEqual({ num: 9n, den: 1n })
    expect(decodeOrchestratorInfo((await a.inject({ url: '/info' })).json()).price).toEqual(settings.price)
    const zero = await a.inject({
      method: 'POST',
      url: '/admin/price',
      headers: auth,
      payload: { pricePerUnit: '1', pixelsPerUnit: '0' },
    })
    expect([zero.statusCode, zero.json().code]).toEqual([400, 'HTTP_REQUEST_INVALID'])
    expect(pricePolicy.settings().price).toEqual(settings.price)
  })
  it('closing an unknown session answers SESSION_NOT_FOUND', async () => {
    const r = await (await make({}, { adminToken: 't' })).inject({
      method: 'DELETE',
      url: '/admin/sessions/abc',
      headers: { authorization: 'Bearer t' },
    })
    expect([r.statusCode, r.json().code]).toEqual([404, 'SESSION_NOT_FOUND'])
  })
})

describe('CORS', () => {
  it('allows listed origins on /info and exposes WHIP headers', async () => {
    const a = await make({}, { corsOrigins: ['https://app.example'] })
    const r = await a.inject({ method: 'GET', url: '/info', headers: { origin: 'https://app.example' } })
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example')
    expect(r.headers['access-control-expose-headers']).toContain('Location')
  })
  it('answers preflights and refuses other origins', async () => {
    const a = await make({}, { corsOrigins: ['https://app.example'] })
    const ok = await a.inject({
      method: 'OPTIONS',
      url: '/live/s1/whip',
      headers: { origin: 'https://app.example' },
    })
    expect(ok.statusCode).toBe(204)
    expect(ok.headers['access-control-allow-methods']).toContain('POST')
    const denied = await a.inject({
      method: 'OPTIONS',
      url: '/live/s1/whip',
      headers: { origin: 'https://evil.example' },
    })
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'CORS_ORIGIN_DENIED'])
  })
  it('sends no CORS headers on /admin', async () => {
    const a = await make({}, { adminToken: 't' })
    const r = await a.inject({
      method: 'GET',
      url: '/admin/sessions',
      headers: { origin: 'https://x.example', authorization: 'Bearer t' },
    })
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('health and metrics', () => {
  it('serves /healthz and Prometheus text with livepeer_* and prism_* names', async () => {
    const a = await make()
    expect((await a.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
      sessions: 0,
      encoder: 'libx264',
    })
    const text = (await a.inject({ method: 'GET', url: '/metrics' })).body
    for (const name of [
      'livepeer_current_sessions_total',
      'livepeer_max_sessions_total',
      'prism_frames_in_total',
      'prism_frames_dropped_total',
      'prism_encoder_info{encoder="libx264"} 1',
    ])
      expect(text).toContain(name)
  })
  it('counts refused sessions by code', async () => {
    const a = await make({ maxSessions: 0 })
    await a.inject(whip('/live/s1/whip', offerWith(['H264'])))
    expect((await a.inject({ method: 'GET', url: '/metrics' })).body).toContain(
      'prism_sessions_refused_total{code="SESSION_LIMIT_REACHED"} 1',
    )
  })
})
