/**
 * A gRPC client built only from net.proto (@grpc/grpc-js) against a running orchestrator, off
 * chain: GetOrchestrator, Ping and EndTranscodingSession over TLS (the node's fresh self-signed
 * certificate, not verified, as go-livepeer gateways dial) and over plaintext HTTP/2, with plain
 * HTTP/1.1 `/info` and an HTTP/2 non-gRPC request on the same port; capacity refusals.
 */
import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect as http2Connect } from 'node:http2'
import { get as httpsGet } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { CAPABILITIES, decodeOrchestratorInfo } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBit, type Msg, orchestratorClient } from './orchestratorGrpcClient.ts'

const OFFCHAIN_REQUEST = { address: Buffer.alloc(20), sig: Buffer.alloc(0) }
const nowSeconds = () => Math.floor(Date.now() / 1000)

/** GET over HTTP/1.1 only (ALPN http/1.1), trusting `ca`. */
function getHttp1(url: string, ca: string): Promise<{ version: string; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca, agent: false }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ version: res.httpVersion, body }))
    }).on('error', reject)
  })
}

/** A non-gRPC HTTP/2 GET (ALPN h2 over TLS, prior knowledge over plaintext). */
async function getHttp2(origin: string, path: string): Promise<{ status: number; body: string }> {
  const session = http2Connect(origin, { rejectUnauthorized: false })
  try {
    const stream = session.request({ ':path': path })
    const [headers] = (await once(stream, 'response')) as [Record<string, unknown>]
    let body = ''
    stream.on('data', (c) => {
      body += c
    })
    await once(stream, 'end')
    return { status: Number(headers[':status']), body }
  } finally {
    session.close()
  }
}

describe.each([
  ['TLS (self-signed, not verified)', '127.0.0.1:0'],
  ['plaintext HTTP/2 prior knowledge', 'http://127.0.0.1:0'],
])('net.Orchestrator over %s', (_name, httpAddr) => {
  let node: RunningOrchestrator
  beforeAll(async () => {
    node = await startOrchestrator({ httpAddr, orchestrator: { maxSessions: 7, nvidia: false } })
  })
  afterAll(async () => {
    await node?.close()
  })

  it('GetOrchestrator answers the service URI, capabilities and a fresh auth token, and no price off chain', async () => {
    const c = orchestratorClient(node.serviceURI)
    try {
      const info = await c.call('GetOrchestrator', OFFCHAIN_REQUEST)
      expect(info.transcoder).toBe(node.serviceURI)
      expect(info.address).toEqual(Buffer.alloc(20))
      expect(info.ticket_params).toBeUndefined()
      expect(info.price_info).toBeUndefined()
      const token = info.auth_token as Msg
      expect(token.session_id).toMatch(/^[0-9a-f]{8}$/)
      expect((token.token as Buffer).length).toBe(32)
      expect(Math.abs(Number(token.expiration) - (nowSeconds() + 1800))).toBeLessThanOrEqual(5)
      const caps = info.capabilities as Msg
      for (const id of [CAPABILITIES.H264, CAPABILITIES.MPEGTS, CAPABILITIES.AuthToken])
        expect(hasBit(caps, id)).toBe(true)
      expect((caps.capacities as Record<string, number>)[CAPABILITIES.AuthToken]).toBe(7)
      const again = await c.call('GetOrchestrator', OFFCHAIN_REQUEST)
      expect((again.auth_token as Msg).session_id).not.toBe(token.session_id)
    } finally {
      c.close()
    }
  })

  it('serves plain HTTP/1.1 and non-gRPC HTTP/2 on the same port', async () => {
    const origin = node.url
    if (origin.startsWith('https:')) {
      // the node wrote its certificate for the service host: trusting it, the name checks out
      const cert = readFileSync(join(node.orchestrator.dataDir, 'cert.pem'), 'utf8')
      expect(new X509Certificate(cert).subjectAltName).toBe('IP Address:127.0.0.1')
      const res = await getHttp1(`${origin}/info`, cert)
      expect(res.version).toBe('1.1')
      expect(decodeOrchestratorInfo(JSON.parse(res.body)).serviceURI).toBe(node.serviceURI)
    } else {
      const info = decodeOrchestratorInfo(await (await fetch(`${origin}/info`)).json())
      expect(info.serviceURI).toBe(node.serviceURI)
    }
    const h2 = await getHttp2(origin, '/healthz')
    expect(h2.status).toBe(200)
    expect(JSON.parse(h2.body)).toMatchObject({ status: 'ok' })
  })

  it('Ping answers an empty signature off chain', async () => {
    const c = orchestratorClient(node.serviceURI)
    try {
      const pong = await c.call('Ping', { value: Buffer.from('hello') })
      expect(pong.value ?? Buffer.alloc(0)).toEqual(Buffer.alloc(0))
    } finally {
      c.close()
    }
  })

  it('EndTranscodingSession refuses a foreign token and ends the session of its own', async () => {
    const ended: string[] = []
    const off = node.wire.endHooks.register((id) => {
      ended.push(id)
    })
    const c = orchestratorClient(node.serviceURI)
    try {
      const foreign = {
        token: Buffer.alloc(32, 7),
        session_id: 'deadbeef',
        expiration: String(nowSeconds() + 600),
      }
      expect(await c.refusal('EndTranscodingSession', { auth_token: foreign })).toEqual({
        code: 2,
        details: 'Invalid auth token',
      })
      expect(await c.refusal('EndTranscodingSession', {})).toEqual({ code: 2, details: 'Invalid auth token' })
      const info = await c.call('GetOrchestrator', OFFCHAIN_REQUEST)
      const token = info.auth_token as Msg
      // a token whose expiration was altered no longer matches its HMAC
      const altered = { ...token, expiration: String(Number(token.expiration) + 1) }
      expect((await c.refusal('EndTranscodingSession', { auth_token: altered })).details).toBe(
        'Invalid auth token',
      )
      expect(await c.call('EndTranscodingSession', { auth_token: token })).toEqual({})
      expect(ended).toEqual([token.session_id])
    } finally {
      off()
      c.close()
    }
  })
})

describe('capacity refusals', () => {
  let full: RunningOrchestrator
  let idle: RunningOrchestrator
  beforeAll(async () => {
    full = await startOrchestrator({
      httpAddr: 'http://127.0.0.1:0',
      orchestrator: { maxSessions: 0, nvidia: false },
    })
    idle = await startOrchestrator({ httpAddr: 'http://127.0.0.1:0', orchestrator: { nvidia: false } })
  })
  afterAll(async () => {
    await full?.close()
    await idle?.close()
  })

  it('a node with no free session answers OrchestratorCapped', async () => {
    const c = orchestratorClient(full.serviceURI)
    try {
      expect(await c.refusal('GetOrchestrator', OFFCHAIN_REQUEST)).toEqual({
        code: 2,
        details: 'Invalid orchestrator request: OrchestratorCapped',
      })
    } finally {
      c.close()
    }
  })

  it('a live-video-to-video request for a model without idle capacity is capped unless it skips the check', async () => {
    const live = CAPABILITIES.LiveVideoToVideo
    const capabilities = {
      bitstring: [String(1n << BigInt(live))],
      capacities: { [live]: 1 },
      constraints: { PerCapability: { [live]: { models: { 'no-such-model': { warm: false } } } } },
    }
    const c = orchestratorClient(idle.serviceURI)
    try {
      expect((await c.refusal('GetOrchestrator', { ...OFFCHAIN_REQUEST, capabilities })).details).toBe(
        'Invalid orchestrator request: OrchestratorCapped',
      )
      const info = await c.call('GetOrchestrator', {
        ...OFFCHAIN_REQUEST,
        capabilities,
        ignoreCapacityCheck: true,
      })
      expect(info.transcoder).toBe(idle.serviceURI)
    } finally {
      c.close()
    }
  })
})

describe('prism orchestrator -network offchain', () => {
  it('ignores the key: zero address, nothing priced or signed, tokens still issued', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'prism-offchain-'))
    const bin = join(import.meta.dirname, '..', '..', '..', 'apps', 'node', 'bin', 'prism.js')
    const args = [
      'orchestrator',
      '-httpAddr',
      'http://127.0.0.1:0',
      '-network',
      'offchain',
      '-pricePerUnit',
      '1000',
    ]
    const child = spawn(
      process.execPath,
      [bin, ...args, '-ai=false', '-nvidia', 'none', '-dataDir', dataDir],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PRISM_LOG_LEVEL: 'info', PRISM_ETH_KEY: `0x${'11'.repeat(32)}` },
      },
    )
    const exited = once(child, 'exit')
    try {
      let logs = ''
      const serviceURI = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (b: Buffer) => {
          logs += b.toString()
          const m = /serviceURI (http:\/\/127\.0\.0\.1:\d+)/.exec(logs)
          if (m) resolve(m[1]!)
        })
        child.once('exit', () => reject(new Error(`exited: ${logs}`)))
      })
      expect(logs).toContain('-network offchain: ignoring -ethKey')
      const c = orchestratorClient(serviceURI)
      try {
        const info = await c.call('GetOrchestrator', OFFCHAIN_REQUEST)
        expect(info.transcoder).toBe(serviceURI)
        expect(info.address).toEqual(Buffer.alloc(20))
        expect(info.price_info).toBeUndefined()
        expect(info.ticket_params).toBeUndefined()
        expect((info.auth_token as Msg).session_id).toMatch(/^[0-9a-f]{8}$/)
        const pong = await c.call('Ping', { value: Buffer.from('x') })
        expect(pong.value ?? Buffer.alloc(0)).toEqual(Buffer.alloc(0))
      } finally {
        c.close()
      }
      child.kill('SIGTERM')
      expect((await exited)[0]).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
