/**
 * Test-only: the smallest trickle server that follows the wire rules the clients depend on (create,
 * streamed publish, blocking live-edge subscribe, 470 with `Lp-Trickle-Latest`, `Lp-Trickle-Closed`,
 * 404, channel DELETE, a ring of 5). Used by the client tests until the orchestrator's server can
 * serve them; it is not the orchestrator's server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

type Segment = { idx: number; chunks: Buffer[]; done: boolean; waiters: Set<() => void> }
type Channel = { mime: string; next: number; closed: boolean; ring: Map<number, Segment> }

/** A running fake trickle server. */
export type FakeTrickleServer = {
  base: string
  channels: Map<string, Channel>
  /** Segments received per channel, in order of completion. */
  received: Map<string, Buffer[]>
  /** Requests seen, as `METHOD path`. */
  log: string[]
  create(name: string, mime?: string): void
  closeChannel(name: string): void
  /** Destroys every open connection (requests in flight fail). */
  dropConnections(): void
  stop(): Promise<void>
}

/** Starts a fake trickle server on 127.0.0.1 (base `http://127.0.0.1:<port>/ai/trickle`). */
export async function startFakeTrickleServer(): Promise<FakeTrickleServer> {
  const channels = new Map<string, Channel>()
  const received = new Map<string, Buffer[]>()
  const log: string[] = []
  const wake = (s: Segment) => {
    for (const w of s.waiters) w()
  }
  const segment = (ch: Channel, idx: number): Segment => {
    let s = ch.ring.get(idx % 5)
    if (!s || s.idx !== idx) {
      if (s) {
        s.done = true
        wake(s)
      }
      s = { idx, chunks: [], done: false, waiters: new Set() }
      ch.ring.set(idx % 5, s)
    }
    return s
  }
  const closeChannel = (name: string) => {
    const ch = channels.get(name)
    if (!ch) return
    ch.closed = true
    for (const s of ch.ring.values()) {
      s.done = true
      wake(s)
    }
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    log.push(`${req.method} ${req.url}`)
    const parts = (req.url ?? '').replace(/^\/ai\/trickle\//, '').split('/')
    const ch = channels.get(parts[0] ?? '')
    if (req.method === 'DELETE' && parts.length === 1) {
      if (!ch) return res.writeHead(400).end('Invalid stream')
      closeChannel(parts[0] ?? '')
      channels.delete(parts[0] ?? '')
      return res.writeHead(200).end()
    }
    if (!ch) {
      req.resume()
      return res.writeHead(404, { connection: 'close' }).end('Stream not found')
    }
    let idx = Number.parseInt(parts[1] ?? '', 10)
    if (req.method === 'POST') {
      if (ch.closed) {
        req.resume()
        return res.writeHead(200, { 'lp-trickle-seq': String(idx), 'lp-trickle-closed': 'terminated' }).end()
      }
      if (idx === -1) idx = ch.next
      const s = segment(ch, idx)
      let first = true
      for await (const c of req) {
        if (first) ch.next = Math.max(ch.next, idx + 1)
        first = false
        s.chunks.push(c as Buffer)
        wake(s)
      }
      if (first) return res.writeHead(200, { 'lp-trickle-seq': String(idx) }).end()
      s.done = true
      wake(s)
      const list = received.get(parts[0] ?? '') ?? []
      list.push(Buffer.concat(s.chunks))
      received.set(parts[0] ?? '', list)
      return res.writeHead(200, { 'lp-trickle-seq': String(idx) }).end()
    }
    if (idx === -1) idx = ch.next
    let s = ch.ring.get(idx % 5)
    if (!s || s.idx !== idx) {
      if (idx === ch.next && !ch.closed) s = segment(ch, idx)
      else if (ch.closed)
        return res.writeHead(200, { 'lp-trickle-closed': 'terminated' }).end('Entry not found')
      else
        return res
          .writeHead(470, { 'lp-trickle-latest': String(ch.next), 'lp-trickle-seq': String(idx) })
          .end('Entry not found')
    }
    const seg = s
    let sent = 0
    let headed = false
    while (true) {
      if (seg.chunks.length > sent && !headed) {
        res.writeHead(200, { 'lp-trickle-seq': String(idx), 'content-type': ch.mime })
        headed = true
      }
      while (sent < seg.chunks.length) res.write(seg.chunks[sent++])
      if (seg.done) break
      await new Promise<void>((r) => {
        const w = () => {
          seg.waiters.delete(w)
          r()
        }
        seg.waiters.add(w)
      })
    }
    if (!headed)
      res.writeHead(200, {
        'lp-trickle-seq': String(idx),
        'lp-trickle-latest': String(ch.next),
        ...(ch.closed ? { 'lp-trickle-closed': 'terminated' } : {}),
      })
    res.end()
  }
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    base: `http://127.0.0.1:${port}/ai/trickle`,
    channels,
    received,
    log,
    create: (name, mime = 'video/MP2T') => {
      channels.set(name, { mime, next: 0, closed: false, ring: new Map() })
    },
    closeChannel,
    dropConnections: () => server.closeAllConnections(),
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
