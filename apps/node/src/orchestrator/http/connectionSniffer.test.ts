import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyPreface, HTTP2_PREFACE, type Sniffed, sniffConnection } from './connectionSniffer.ts'

describe('classifyPreface', () => {
  it('says h2 once the whole preface is there, with or without more bytes', () => {
    expect(classifyPreface(HTTP2_PREFACE)).toBe('h2')
    expect(classifyPreface(Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 0, 4])]))).toBe('h2')
  })

  it('stays undecided on an empty read and on every strict prefix of the preface', () => {
    for (let n = 0; n < HTTP2_PREFACE.length; n++)
      expect(classifyPreface(HTTP2_PREFACE.subarray(0, n))).toBe('undecided')
  })

  it('says http1 at the first byte that differs from the preface', () => {
    expect(classifyPreface(Buffer.from('GET / HTTP/1.1\r\n'))).toBe('http1')
    expect(classifyPreface(Buffer.from('POST'))).toBe('http1')
    expect(classifyPreface(Buffer.from('PRI * HTTP/1.1'))).toBe('http1') // differs at byte 11
    expect(classifyPreface(Buffer.from('P'))).toBe('undecided')
  })
})

describe('sniffConnection', () => {
  let server: Server | undefined
  const clients: Socket[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    server?.close()
    server = undefined
  })

  /** A loopback server whose first connection is sniffed; returns the result and a connected client. */
  async function sniffPair(
    timeoutMs = 5000,
  ): Promise<{ client: Socket; result: Promise<Sniffed | undefined> }> {
    // boxed: a promise resolved with a promise would wait for the inner one
    let resolve!: (r: { sniff: Promise<Sniffed | undefined> }) => void
    const accepted = new Promise<{ sniff: Promise<Sniffed | undefined> }>((r) => {
      resolve = r
    })
    server = createServer((socket) => resolve({ sniff: sniffConnection(socket, timeoutMs) }))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const addr = server.address()
    const client = connect(typeof addr === 'object' && addr ? addr.port : 0, '127.0.0.1')
    client.setNoDelay(true)
    clients.push(client)
    await once(client, 'connect')
    return { client, result: (await accepted).sniff }
  }

  it('reads an HTTP/2 preface split over many small writes and keeps every byte read', async () => {
    const { client, result } = await sniffPair()
    const bytes = Buffer.concat([HTTP2_PREFACE, Buffer.from('extra')])
    for (let i = 0; i < 20; i += 3) {
      client.write(bytes.subarray(i, Math.min(i + 3, 20)))
      await new Promise((r) => setTimeout(r, 5))
    }
    client.write(bytes.subarray(20))
    const sniffed = await result
    expect(sniffed?.protocol).toBe('h2')
    // everything consumed so far is handed back (at least the preface, in order)
    expect(bytes.subarray(0, sniffed!.head.length).equals(sniffed!.head)).toBe(true)
    expect(sniffed!.head.length).toBeGreaterThanOrEqual(HTTP2_PREFACE.length)
  })

  it('decides http1 from the first differing byte, before a whole request arrives', async () => {
    const { client, result } = await sniffPair()
    client.write('GE')
    const sniffed = await result
    expect(sniffed).toEqual({ protocol: 'http1', head: Buffer.from('GE') })
  })

  it('gives up (undefined, socket destroyed) when the peer closes undecided or stays silent', async () => {
    const closed = await sniffPair()
    closed.client.end('PRI * ')
    expect(await closed.result).toBeUndefined()
    server?.close()
    const silent = await sniffPair(50)
    expect(await silent.result).toBeUndefined()
    await once(silent.client, 'close')
  })
})
