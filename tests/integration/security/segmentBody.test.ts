/**
 * `POST /segment` checks before it reads: a 128 MB body without a `Livepeer-Segment` header is
 * refused (403, go-livepeer's text) while the node's memory grows by a few MB at most, and a valid
 * 2 s segment header (auth token, capabilities, one 240p rendition) whose body keeps coming is cut
 * off at the cap its duration and ladder allow (SEGMENT_TOO_LARGE, answered as go-livepeer does:
 * 500), far below the configured 300 MB; a client that keeps sending after the refusal has its
 * connection cut. Real HTTP/1.1 over loopback with streamed (chunked) bodies: fastify's `inject`
 * would buffer them.
 */
import { request } from 'node:http'
import { Readable } from 'node:stream'
import {
  buildSegData,
  netCapabilities,
  segDataToHeader,
  signSegData,
  toNetVideoProfiles,
} from '@prism/protocol'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const MB = 1024 * 1024
const BODY = 128 * MB
let node: SegmentNode

beforeAll(async () => {
  node = await startSegmentNode({ local: false, tls: false }) // default limit: 300 MB
})
afterAll(async () => {
  await node?.close()
})

/** `total` bytes of 0x47 in 64 KiB chunks, one buffer reused: the client side allocates nothing. */
function bigBody(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 0x47)
  let sent = 0
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null)
      sent += chunk.length
      this.push(chunk)
    },
  })
}

type Outcome = { status: number; text: string; peakArrayBuffers: number; peakRss: number }

/**
 * Streams a 128 MB chunked body to `/segment` with `headers` and returns the answer and the peak
 * growth of this process's memory (arrayBuffers and rss) while the node handled it.
 */
async function postHuge(headers: Record<string, string>): Promise<Outcome> {
  const before = process.memoryUsage()
  let peakArrayBuffers = 0
  let peakRss = 0
  const sample = () => {
    const m = process.memoryUsage()
    peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers - before.arrayBuffers)
    peakRss = Math.max(peakRss, m.rss - before.rss)
  }
  const timer = setInterval(sample, 5)
  try {
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = bigBody(BODY)
      const req = request(`${node.uri}/segment`, {
        method: 'POST',
        headers: { 'content-type': 'video/mp2t', 'transfer-encoding': 'chunked', ...headers },
      })
      req.on('response', (r) => {
        body.unpipe(req)
        body.destroy()
        let text = ''
        r.setEncoding('utf8')
        r.on('data', (c: string) => {
          text += c
        })
        r.on('end', () => {
          resolve({ status: r.statusCode ?? 0, text })
          req.destroy()
        })
      })
      // once answered, the client stops sending: a write on the closed request may fail
      req.on('error', (err) => reject(err))
      body.pipe(req)
    })
    sample()
    return { status: res.status, text: res.text.trim(), peakArrayBuffers, peakRss }
  } finally {
    clearInterval(timer)
  }
}

/** Streams 128 MB without headers and keeps sending after the answer; resolves how it ended. */
function keepSending(): Promise<{ status: number; sent: number; cut: boolean }> {
  return new Promise((resolve) => {
    let sent = 0
    let status = 0
    const body = bigBody(BODY)
    body.on('data', (c: Buffer) => {
      sent += c.length
    })
    const req = request(`${node.uri}/segment`, {
      method: 'POST',
      headers: { 'content-type': 'video/mp2t', 'transfer-encoding': 'chunked' },
    })
    req.on('response', (r) => {
      status = r.statusCode ?? 0
      r.resume()
    })
    req.on('error', () => {}) // EPIPE / ECONNRESET once the node cuts the connection
    req.on('close', () => {
      body.destroy()
      resolve({ status, sent, cut: !req.writableFinished })
    })
    body.pipe(req)
  })
}

describe('POST /segment reads no body it will refuse', () => {
  it('refuses 128 MB without a Livepeer-Segment header with a few MB of memory', async () => {
    const r = await postHuge({})
    expect(r.status).toBe(403)
    expect(r.peakArrayBuffers).toBeLessThan(4 * MB)
    expect(r.peakRss).toBeLessThan(24 * MB)
  })

  it('cuts a signed 2 s segment off at its duration and ladder cap, not at 300 MB', async () => {
    const seg = buildSegData({
      manifestId: 'capped',
      seq: 0n,
      segment: new Uint8Array(1),
      durationMs: 2000,
      capabilities: netCapabilities({ capabilities: [0, 1, 12] }),
      authToken: node.tokens.issue(),
      profiles: toNetVideoProfiles(['P240p30fps16x9']),
    })
    seg.sig = await signSegData(privateKeyToAccount(generatePrivateKey()), seg)
    const r = await postHuge({ 'livepeer-segment': segDataToHeader(seg) })
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error'])
    // the same header with a small body passes every header check: the 500 above is the cap
    const small = await fetch(`${node.uri}/segment`, {
      method: 'POST',
      headers: { 'content-type': 'video/mp2t', 'livepeer-segment': segDataToHeader(seg) },
      body: new Uint8Array(1000),
    })
    expect([small.status, (await small.text()).trim()]).toEqual([403, 'Forbidden']) // hash mismatch, read in full
    // a 2 s 240p segment may take ~10 MB; what the node held stays near that, far below 128 MB
    expect(r.peakArrayBuffers).toBeLessThan(32 * MB)
  })

  it('cuts the connection of a client that keeps sending after the refusal', async () => {
    const r = await keepSending()
    expect(r.status).toBe(403)
    expect(r.cut).toBe(true)
    expect(r.sent).toBeLessThan(BODY)
  })

  it('still answers /segment and keeps serving afterwards', async () => {
    const res = await fetch(`${node.uri}/segment`, { method: 'POST', body: 'x' })
    expect(res.status).toBe(403)
    expect((await fetch(`${node.uri}/stream/nope/P240p30fps16x9/0.ts`)).status).toBe(404)
  })
})
