import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { connect as http2Connect } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { createSelfSignedCert } from './selfSignedCert.ts'
import { type AnyRequest, type AnyResponse, createTransport, type Transport } from './transport.ts'

/** Echoes version, remote address and the request body. */
function echo(req: AnyRequest, res: AnyResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    res.setHeader('content-type', 'application/json')
    res.end(
      JSON.stringify({
        version: req.httpVersionMajor,
        remote: req.socket.remoteAddress,
        body: Buffer.concat(chunks).toString(),
      }),
    )
  })
}

async function listen(t: Transport): Promise<number> {
  t.listen(0, '127.0.0.1')
  await once(t, 'listening')
  const a = t.address()
  return typeof a === 'object' && a ? a.port : 0
}

function http1(
  url: string,
  body: string,
  tls = false,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(
      url,
      { method: 'POST', rejectUnauthorized: false, agent: false, headers },
      (res) => {
        let data = ''
        res.on('data', (c) => {
          data += c
        })
        res.on('end', () => resolve(JSON.parse(data) as Record<string, unknown>))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function http2(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const session = http2Connect(url, { rejectUnauthorized: false })
  try {
    const stream = session.request({ ':method': 'POST', ':path': '/', ...headers })
    stream.end(body)
    let data = ''
    stream.on('data', (c) => {
      data += c
    })
    await once(stream, 'end')
    return JSON.parse(data) as Record<string, unknown>
  } finally {
    session.close()
  }
}

describe('createTransport', () => {
  let t: Transport | undefined
  afterEach(async () => {
    if (t?.listening) await new Promise((r) => t!.close(r))
    t = undefined
  })

  it('plaintext: HTTP/1.1 and HTTP/2 prior knowledge on one port, bodies and peer address intact', async () => {
    t = createTransport({ handler: echo })
    const port = await listen(t)
    const url = `http://127.0.0.1:${port}/`
    expect(t.secure).toBe(false)
    expect(await http1(url, 'one')).toEqual({ version: 1, remote: '127.0.0.1', body: 'one' })
    expect(await http2(url, 'two')).toEqual({ version: 2, remote: '127.0.0.1', body: 'two' })
    const big = 'x'.repeat(200_000)
    expect((await http2(url, big)).body).toBe(big)
  })

  it('TLS: ALPN picks h2 or http/1.1 on one port', async () => {
    t = createTransport({ tls: await createSelfSignedCert('127.0.0.1'), handler: echo })
    const port = await listen(t)
    const url = `https://127.0.0.1:${port}/`
    expect(t.secure).toBe(true)
    expect(await http1(url, 'one', true)).toEqual({ version: 1, remote: '127.0.0.1', body: 'one' })
    expect(await http2(url, 'two')).toEqual({ version: 2, remote: '127.0.0.1', body: 'two' })
  })

  it('accepts a 600-ticket Livepeer-Payment header (about 60 KB) over HTTP/1.1 and HTTP/2', async () => {
    const headers = { 'livepeer-payment': 'A'.repeat(60_000) }
    for (const tls of [undefined, await createSelfSignedCert('127.0.0.1')]) {
      const server = createTransport({ ...(tls ? { tls } : {}), handler: echo })
      t = server
      const url = `${tls ? 'https' : 'http'}://127.0.0.1:${await listen(server)}/`
      expect((await http2(url, 'h2', headers)).body).toBe('h2')
      if (!tls) expect((await http1(url, 'h1', false, headers)).body).toBe('h1')
      await new Promise((r) => server.close(r))
    }
  })

  it('closes with idle keep-alive and HTTP/2 connections still open', async () => {
    for (const tls of [undefined, await createSelfSignedCert('127.0.0.1')]) {
      const server = createTransport({ ...(tls ? { tls } : {}), handler: echo })
      const port = await listen(server)
      const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`
      const session = http2Connect(url, { rejectUnauthorized: false })
      await once(session, 'connect')
      const closed = new Promise((r) => server.close(r))
      server.closeIdleConnections()
      await closed
      expect(server.listening).toBe(false)
      session.destroy()
    }
  })
})
