/**
 * A bounded fuzz of every route of a full orchestrator (payments on a dev chain, POST /segment and
 * attached-transcoder routes, admin token, /metrics) over loopback: a few hundred requests with a
 * fixed seed (random methods, paths and parameters, headers, and bodies: mutated WHIP offers,
 * malformed JSON, protobuf-shaped bytes, raw bytes). No answer is a 5xx except the documented
 * SESSION_LIMIT_REACHED (503), every JSON error answer is `{ code, message }` with a code of
 * docs/errors.md, no request hangs,
 * and the node still answers `/healthz` afterwards. The routes are read from the server itself,
 * so routes added later are fuzzed too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create } from '@bufbuild/protobuf'
import { MediaPeer, type RunningOrchestrator } from '@prism/node'
import {
  buildSegData,
  createChainClient,
  encodeWire,
  net,
  segDataToHeader,
  signSegData,
  signWhipOffer,
  toNetVideoProfiles,
} from '@prism/protocol'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSegmentService,
  type SegmentService,
} from '../../../apps/node/src/orchestrator/compute/segmentService.ts'
import { standaloneSegmentWire } from '../../../apps/node/src/orchestrator/http/routes/segmentWire.ts'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'

const SEED = 0x17_2024
const REQUESTS = 400
const ADMIN_TOKEN = 'fuzz-admin-token'
const ORCH_SECRET = 'fuzz-orch-secret'
/** The codes docs/errors.md documents. */
const CATALOGUE = new Set(
  [
    ...readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8').matchAll(
      /^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm,
    ),
  ].map((m) => m[1]!),
)
/** 5xx answers the docs allow, by code. */
const DOCUMENTED_5XX = new Set(['SESSION_LIMIT_REACHED'])

let chain: DevChain
let stack: PaymentStack
let segments: SegmentService
let node: RunningOrchestrator
let dataDir: string
let offer: string
/** `Livepeer-Segment` headers that decode and recover a signer (random key, durations, ladders). */
const signedSegments: string[] = []
/** The funded gateway account: signs WHIP offers as their ticket sender. */
let gateway: ReturnType<typeof privateKeyToAccount>

beforeAll(async () => {
  chain = await startDevChain({ gateways: 1, roundLength: 400 })
  dataDir = mkdtempSync(join(tmpdir(), 'prism-fuzz-'))
  gateway = privateKeyToAccount(chain.accounts.gateways[0]!.privateKey)
  stack = await createPaymentStack({
    client: createChainClient({
      network: chain.network,
      rpcUrl: chain.rpcUrl,
      account: chain.accounts.orchestrators[0]!.privateKey,
      pollingIntervalMs: 100,
    }),
    dataDir,
    price: { pricePerUnit: 1000n, autoAdjustPrice: false },
    payments: { ticketEV: 10n ** 12n },
    reward: false,
    pollMs: 100,
    log: () => {},
  })
  // POST /segment wired as `prism orchestrator` wires it on chain (its own auth tokens here)
  segments = createSegmentService({
    payments: stack.payments,
    wire: {
      ...standaloneSegmentWire(() => node?.url ?? ''),
      identity: { signer: stack.signer, address: stack.recipient },
    },
    secret: ORCH_SECRET,
    local: false,
  })
  node = await startTestOrchestrator({
    payments: stack,
    segments,
    monitor: true,
    orchestrator: { maxSessions: 2, connectTimeoutMs: 1000, nvidia: false },
    server: { adminToken: ADMIN_TOKEN, plugins: segments.plugins },
  })
  const { peer, offerSdp } = await MediaPeer.offer({
    codecs: ['H264', 'VP8'],
    channels: ['control', 'payment'],
  })
  offer = offerSdp
  await peer.close()
  const signer = privateKeyToAccount(generatePrivateKey())
  for (const [duration, ladder] of [
    [2000, ['P240p30fps16x9']],
    [0, ['P360p30fps16x9', 'P720p60fps16x9']],
    [10, ['P144p30fps16x9']],
    [3_600_000, ['P240p30fps16x9']],
  ] as const) {
    const seg = buildSegData({
      manifestId: `fuzz${duration}`,
      seq: 1n,
      durationMs: duration,
      profiles: toNetVideoProfiles([...ladder]),
    })
    seg.hash = new Uint8Array(32).fill(0xab)
    seg.sig = await signSegData(signer, seg)
    signedSegments.push(segDataToHeader(seg))
  }
})

afterAll(async () => {
  await node?.close()
  segments?.close()
  await stack?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** mulberry32: a small seeded PRNG, so every run sends the same requests. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256))
  const hex = (n: number) => Buffer.from(bytes(n)).toString('hex')
  return { next, int, pick, bytes, hex, chance: (p: number) => next() < p }
}

type Route = { path: string; methods: string[] }

/** The server's routes, from fastify's route tree (`printRoutes({ commonPrefix: false })`). */
function routesOf(tree: string): Route[] {
  const routes: Route[] = []
  const stack: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S*)(?: \(([^)]*)\))?/.exec(line)
    if (!m) continue
    const depth = m[1]!.length / 4
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!
    stack[depth] = path
    stack.length = depth + 1
    if (m[3]) routes.push({ path, methods: m[3].split(', ') })
  }
  return routes
}

type Rng = ReturnType<typeof prng>

function param(name: string, r: Rng): string {
  const anyOf = [
    () => r.hex(r.int(40)),
    () => encodeURIComponent(Buffer.from(r.bytes(r.int(30))).toString('latin1')),
    () => '..%2F..%2Fetc%2Fpasswd',
    () => '%00',
    () => 'a'.repeat(r.pick([1, 64, 65, 300, 5000])),
    () => encodeURIComponent('ünï😀'),
    () => String(r.int(1e6) - 5e5),
  ]
  if (name === 'stream') return r.chance(0.6) ? `s${r.int(6)}` : r.pick(anyOf)()
  if (name === 'file')
    return r.chance(0.5)
      ? r.pick(['master.m3u8', 'index.m3u8', '0.ts', 'P240p30fps16x9.m3u8'])
      : r.pick(anyOf)()
  if (name === 'session' || name === 'id') {
    const live = node.orchestrator.sessions
    if (live.length > 0 && r.chance(0.4)) return r.pick(live).id
    return r.chance(0.5) ? r.hex(8) : r.pick(anyOf)()
  }
  return r.pick(anyOf)()
}

function concretePath(template: string, r: Rng): string {
  const path = template
    .split('/')
    .map((seg) =>
      seg === '*' ? r.pick(['', 'x', 'a/b/c', '%2e%2e']) : seg.startsWith(':') ? param(seg.slice(1), r) : seg,
    )
    .join('/')
  return path.startsWith('/') ? path : `/${path}`
}

/** A header value fetch can send: printable ASCII, base64 or hex of random bytes. */
function headerValue(bytes: Uint8Array, r: Rng): string {
  const enc = r.pick(['base64', 'hex', 'printable'] as const)
  if (enc !== 'printable') return Buffer.from(bytes).toString(enc)
  return Array.from(bytes, (b) => String.fromCharCode(0x20 + (b % 0x5f))).join('')
}

function randomPath(r: Rng): string {
  const parts = Array.from({ length: 1 + r.int(5) }, () =>
    r.pick([
      'live',
      'whip',
      'hls',
      'admin',
      'sessions',
      'segment',
      'payment',
      'info',
      '..',
      '.',
      '',
      r.hex(4),
      '%ff',
      '~',
    ]),
  )
  return `/${parts.join('/')}`
}

function mutateSdp(r: Rng): string {
  const lines = offer.split('\r\n')
  switch (r.int(10)) {
    case 0:
      return offer
    case 1:
      return offer.replace(
        /a=fingerprint:[^\r]*/g,
        `a=fingerprint:${r.pick(['sha-256 ZZ', 'md5 00', 'sha-256', `sha-1 ${r.hex(20)}`, ''])}`,
      )
    case 2:
      lines.splice(r.int(lines.length), 1)
      return lines.join('\r\n')
    case 3: {
      const i = r.int(lines.length)
      lines.splice(i, 0, ...lines.slice(i, i + 1 + r.int(8)))
      return lines.join('\r\n')
    }
    case 4:
      lines.splice(
        r.int(lines.length),
        0,
        `${r.pick(['a', 'x', 'm', 'c', 'b'])}=${Buffer.from(r.bytes(r.int(200))).toString('latin1')}`,
      )
      return lines.join('\r\n')
    case 5:
      return offer.slice(0, r.int(offer.length))
    case 6:
      return offer.replace(/H264|VP8/g, () => r.pick(['AV1', 'h264', 'VP9', '', 'H264/1']))
    case 7:
      return `${offer}a=x-${'y'.repeat(60_000)}\r\n`
    case 8:
      return offer.replace(
        /m=video [^\r]*/,
        `m=video ${r.int(70000)} ${r.pick(['UDP/TLS/RTP/SAVPF', 'RTP/AVP', 'x'])} ${r.int(300)}`,
      )
    default:
      return offer.replace(/\r\n/g, r.pick(['\n', '\r', ' ', '\r\n\r\n']))
  }
}

function randomJson(r: Rng): string {
  switch (r.int(7)) {
    case 0:
      return JSON.stringify({
        pricePerUnit: r.pick(['1', '-1', '1e9', 'x', 1, null]),
        pixelsPerUnit: r.pick(['0', '1', '', {}]),
      })
    case 1:
      return '['.repeat(r.pick([10, 1000, 5000]))
    case 2:
      return `${'['.repeat(3000)}${']'.repeat(3000)}`
    case 3:
      return JSON.stringify({
        v: r.pick([1, 2, '1']),
        type: r.pick(['ping', 'update', 'x']),
        payment: r.hex(r.int(64)),
      })
    case 4:
      return '{"a":'.repeat(50)
    case 5:
      return JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } })
    default:
      return JSON.stringify(Array.from({ length: r.int(50) }, () => r.hex(r.int(16))))
  }
}

function protobufish(r: Rng): Uint8Array {
  switch (r.int(4)) {
    case 0:
      return encodeWire(
        net.SegDataSchema,
        create(net.SegDataSchema, {
          manifestId: Buffer.from(r.hex(r.int(20))),
          seq: BigInt(r.int(1000)),
          hash: Buffer.from(r.hex(32), 'hex'),
          profiles: Buffer.from(r.hex(r.int(9)), 'hex'),
          sig: Buffer.from(r.hex(65), 'hex'),
          duration: r.int(100_000),
          ...(r.chance(0.5) ? { fullProfiles: toNetVideoProfiles(['P240p30fps16x9']) } : {}),
        }),
      )
    case 1: {
      // varint soup: tags and lengths that overrun
      return Uint8Array.from({ length: 1 + r.int(64) }, () =>
        r.pick([0x08, 0x0a, 0x12, 0xff, 0x80, 0x7f, r.int(256)]),
      )
    }
    case 2:
      return Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, ...r.bytes(8))
    default:
      return r.bytes(r.int(300))
  }
}

type Req = {
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array
  /** Name and sign the ticket sender of this WHIP offer, as a paid node requires. */
  signWhip?: boolean
}

function randomRequest(routes: Route[], r: Rng): Req {
  // the routes that parse untrusted bodies get more of the requests
  const weighted = routes.flatMap((x) =>
    x.path === '/live/:stream/whip'
      ? [x, x, x, x]
      : x.path === '/segment' || x.path === '/payment'
        ? [x, x]
        : [x],
  )
  const route = r.chance(0.85) ? r.pick(weighted) : undefined
  let path = route ? concretePath(route.path, r) : randomPath(r)
  const method =
    route && r.chance(0.8)
      ? r.pick(route.methods)
      : r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
  if (r.chance(0.4)) {
    const q = new URLSearchParams()
    for (let i = r.int(4); i > 0; i--)
      q.append(
        r.pick(['pipeline', 'sender', 'session', 'capacity', 'x']),
        r.pick([
          '{"kind":"passthrough"}',
          '{"kind":"transcode","profiles":["P240p30fps16x9"]}',
          '{"kind":"ai","width":64,"height":64,"stages":[]}',
          '{nope',
          `0x${r.hex(20)}`,
          r.hex(r.int(10)),
          '-1',
          'x'.repeat(r.pick([1, 2000])),
        ]),
      )
    path += `?${q}`
  }
  const headers: Record<string, string> = {}
  if (r.chance(0.7))
    headers['content-type'] = r.pick([
      'application/sdp',
      'application/json',
      'text/plain',
      'application/octet-stream',
      'video/mp2t',
      'application/trickle-ice-sdpfrag',
      'multipart/form-data; boundary=x',
      'garbage/;;;',
    ])
  if (r.chance(0.3))
    headers.authorization = r.pick([
      `Bearer ${ADMIN_TOKEN}`,
      `Bearer ${ORCH_SECRET}`,
      'Bearer wrong',
      'Basic eDp5',
      '',
    ])
  if (r.chance(0.25)) headers['livepeer-segment'] = headerValue(protobufish(r), r)
  if (r.chance(0.25)) headers['livepeer-payment'] = headerValue(protobufish(r), r)
  if (r.chance(0.15)) headers['livepeer-session'] = r.pick([r.hex(8), '../x', ''])
  if (r.chance(0.2)) headers.origin = r.pick(['https://evil.example', 'null', 'http://127.0.0.1'])
  if (r.chance(0.1)) headers['access-control-request-method'] = r.pick(['POST', 'DELETE', 'X'])
  let body: string | Uint8Array | undefined
  if (method !== 'GET' && method !== 'HEAD' && r.chance(0.85)) {
    body = r.pick([
      () => mutateSdp(r),
      () => randomJson(r),
      () => protobufish(r),
      () => r.bytes(r.int(20_000)),
      () => Buffer.from(protobufish(r)).toString('base64'),
      () => r.bytes(r.pick([0, 1, 1_100_000])),
    ])()
  }
  const signWhip =
    route !== undefined &&
    r.chance(0.6) &&
    fitTo(route.path, method, headers, r, (b) => {
      body = b
    })
  if (method === 'GET' || method === 'HEAD') body = undefined
  return { method, path, headers, ...(body !== undefined ? { body } : {}), ...(signWhip ? { signWhip } : {}) }
}

/** The WHIP POST path of `q` with `sender` and `senderSig` of the funded gateway (a paid node's offer). */
async function signedWhipPath(q: Req): Promise<string> {
  const url = new URL(q.path, 'http://x')
  const m = /^\/live\/([^/]*)\/whip$/.exec(url.pathname)
  let stream: string
  try {
    stream = decodeURIComponent(m?.[1] ?? '')
  } catch {
    return q.path
  }
  const offerSdp = typeof q.body === 'string' ? q.body : Buffer.from(q.body ?? []).toString('utf8')
  url.searchParams.set('sender', gateway.address)
  url.searchParams.set('senderSig', await signWhipOffer(gateway, { stream, offerSdp }))
  return `${url.pathname}${url.search}`
}

/** Makes a request plausible for its route (right content type, credentials, header shapes), so the fuzz reaches past the first checks. */
function fitTo(
  template: string,
  method: string,
  headers: Record<string, string>,
  r: Rng,
  setBody: (b: string | Uint8Array) => void,
): boolean {
  let signWhip = false
  if (template.includes('/whip')) {
    headers['content-type'] = 'application/sdp'
    if (method === 'POST') setBody(mutateSdp(r))
    if (method === 'POST' && r.chance(0.8)) signWhip = true
  } else if (template === '/segment') {
    headers['content-type'] = 'video/mp2t'
    headers['livepeer-segment'] = r.chance(0.7)
      ? r.pick(signedSegments)
      : Buffer.from(protobufish(r)).toString('base64')
    if (r.chance(0.7)) headers['livepeer-payment'] = Buffer.from(protobufish(r)).toString('base64')
    setBody(r.bytes(r.int(40_000)))
  } else if (template === '/payment') {
    headers['livepeer-payment'] = Buffer.from(protobufish(r)).toString('base64')
    headers['livepeer-session'] = r.hex(8)
  } else if (template.startsWith('/admin')) {
    headers.authorization = `Bearer ${ADMIN_TOKEN}`
    headers['content-type'] = 'application/json'
    setBody(randomJson(r))
  } else if (template.startsWith('/transcode')) {
    headers.authorization = `Bearer ${ORCH_SECRET}`
  }
  return signWhip
}

function describeReq(q: Req): string {
  const len = q.body === undefined ? 0 : typeof q.body === 'string' ? q.body.length : q.body.byteLength
  return `${q.method} ${q.path.slice(0, 120)} ${JSON.stringify(q.headers).slice(0, 200)} body ${len} B`
}

describe('orchestrator routes under fuzz', () => {
  it(`answers ${REQUESTS} random requests without an undocumented 5xx, and stays up`, async () => {
    const routes = routesOf(node.app.printRoutes({ commonPrefix: false }))
    for (const p of [
      '/info',
      '/healthz',
      '/metrics',
      '/live/:stream/whip',
      '/segment',
      '/payment',
      '/admin/sessions',
    ])
      expect(routes.map((x) => x.path)).toContain(p)
    const r = prng(SEED)
    const failures: string[] = []
    const statuses = new Map<number, number>()
    for (let i = 0; i < REQUESTS; i++) {
      const q = randomRequest(routes, r)
      if (q.signWhip) q.path = await signedWhipPath(q)
      let status = 0
      let text = ''
      let json = false
      try {
        const res = await fetch(`${node.url}${q.path}`, {
          method: q.method,
          headers: q.headers,
          ...(q.body !== undefined ? { body: q.body as BodyInit } : {}),
          signal: AbortSignal.timeout(10_000),
        })
        status = res.status
        json = q.method !== 'HEAD' && (res.headers.get('content-type') ?? '').includes('json')
        text = await res.text()
      } catch (err) {
        failures.push(`${describeReq(q)} -> no answer: ${String(err)}`)
        continue
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      let code: unknown
      try {
        code = (JSON.parse(text) as { code?: unknown }).code
      } catch {
        code = undefined
      }
      if (status >= 500 && !DOCUMENTED_5XX.has(String(code)))
        failures.push(`${describeReq(q)} -> ${status} ${text.slice(0, 200)}`)
      // Prism's JSON errors carry a documented code (go-livepeer wire routes may answer plain text, as go-livepeer does)
      else if (json && status >= 400 && !CATALOGUE.has(String(code)))
        failures.push(`${describeReq(q)} -> ${status} without a documented code: ${text.slice(0, 200)}`)
    }
    expect(failures).toEqual([])
    // the fuzz reached the handlers, not only the router
    expect([...statuses.keys()].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0)
    expect([...statuses.keys()].filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(4)
    const health = await fetch(`${node.url}/healthz`)
    expect(health.status).toBe(200)
    expect(((await health.json()) as { status: string }).status).toBe('ok')
  })
})
