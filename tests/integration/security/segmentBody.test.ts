/**
 * `POST /segment` checks before it reads: a 128 MB body without a `Livepeer-Segment` header is
 * refused (SEGMENT_SIG_INVALID) while the node's memory grows by a few MB at most, and a signed
 * 2 s segment header whose body keeps coming is cut off at the cap its duration and ladder allow
 * (SEGMENT_TOO_LARGE), far below the configured 300 MB; a client that keeps sending after the
 * refusal has its connection cut. Real HTTP over loopback with streamed (chunked) bodies: fastify's
 * `inject` would buffer them.
 */
import { request } from 'node:http'
import { Readable } from 'node:stream'
import { encodeSegData, profilesToBytes, signSegment } from '@prism/protocol'
import { keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const MB = 1024 * 1024
const BODY = 128 * MB
let node: SegmentNode

beforeAll(async () => {
  node = await startSegmentNode({ local: false }) // default limit: 300 MB
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

type Outcome = { status: number; code?: string; peakArrayBuffers: number; peakRss: number }

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
    const code = (JSON.parse(res.text) as { code?: string }).code
    return { status: res.status, ...(code ? { code } : {}), peakArrayBuffers, peakRss }
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
    expect([r.status, r.code]).toEqual([403, 'SEGMENT_SIG_INVALID'])
    expect(r.peakArrayBuffers).toBeLessThan(4 * MB)
    expect(r.peakRss).toBeLessThan(24 * MB)
  })

  it('cuts a signed 2 s segment off at its duration and ladder cap, not at 300 MB', async () => {
    const account = privateKeyToAccount(generatePrivateKey())
    const fields = {
      manifestId: 'capped',
      seq: 0n,
      hash: keccak256(new Uint8Array(1)),
      profiles: profilesToBytes(['P240p30fps16x9']),
    }
    const seg = { ...fields, sig: await signSegment(account, fields), duration: 2000 }
    const r = await postHuge({ 'livepeer-segment': Buffer.from(encodeSegData(seg)).toString('base64') })
    expect([r.status, r.code]).toEqual([413, 'SEGMENT_TOO_LARGE'])
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
  })
})
