/**
 * The orchestrator's one listening socket for every protocol. With TLS: an HTTP/2 server that also
 * accepts HTTP/1.1 (ALPN `h2` and `http/1.1`). Plaintext: a TCP server that reads each
 * connection's first bytes and hands it to an HTTP/2 server (prior knowledge, i.e. gRPC
 * "insecure") or an HTTP/1.1 server. Both call one request handler; `buildServer` decides there
 * whether a request is gRPC or plain HTTP.
 */
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  createServer as createHttp2Server,
  createSecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2'
import { createServer as createTcpServer, type Server, type Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { sniffConnection } from './connectionSniffer.ts'
import { ReplaySocket } from './replaySocket.ts'

/** A request of either HTTP version. */
export type AnyRequest = IncomingMessage | Http2ServerRequest
/** A response of either HTTP version. */
export type AnyResponse = ServerResponse | Http2ServerResponse
/** The one handler every request of the port goes to. */
export type RequestHandler = (req: AnyRequest, res: AnyResponse) => void

/** Options of {@link createTransport}. */
export type TransportOptions = {
  /** PEM certificate and key; absent = plaintext (HTTP/2 prior knowledge and HTTP/1.1). */
  tls?: { cert: string | Buffer; key: string | Buffer }
  handler: RequestHandler
  /** Plaintext only: how long a new connection may stay silent before it is dropped. Default: 60 s. */
  sniffTimeoutMs?: number
  /** After `close()`, connections still open this long are destroyed. Default: 3 s. */
  drainMs?: number
}

/**
 * The listening server (fastify's `serverFactory` result): a net.Server plus the connection
 * controls fastify calls when it closes.
 */
export type Transport = Server & {
  /** `true` with TLS. */
  readonly secure: boolean
  /**
   * Shutdown, first step: ends idle HTTP/1.1 connections and sends GOAWAY to every HTTP/2 session
   * (open streams finish); connections accepted from now on are closed as soon as they are set up.
   */
  closeIdleConnections(): void
  /** Destroys every connection now. */
  closeAllConnections(): void
}

/**
 * Largest request header block accepted, over HTTP/1.1 and HTTP/2. A `Livepeer-Payment` of 600
 * tickets (the most one params set allows) is about 60 KB of base64, and go-livepeer's own server
 * accepts 1 MB of headers; Node's defaults (16 KB for HTTP/1.1, 64 KB for HTTP/2) would answer 431.
 */
export const MAX_HEADER_BYTES = 256 * 1024

/**
 * Creates the (not yet listening) server of the orchestrator's port.
 *
 * @example
 * const t = createTransport({ handler: (req, res) => res.end('hi') })
 * t.listen(8935, '127.0.0.1')
 */
export function createTransport(opts: TransportOptions): Transport {
  const sockets = new Set<Socket>()
  const sessions = new Set<Http2Session>()
  let closing = false
  const trackSession = (session: Http2Session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
    if (closing) session.close() // accepted just before close(): no new streams
  }
  const handler = opts.handler
  let server: Server
  let idleHttp1: () => void
  if (opts.tls) {
    // Node 20 does not track an allowHTTP1 server's HTTP/1.1 connections: count their requests
    const http1Sockets = new Set<TLSSocket>()
    const active = new WeakMap<object, number>()
    const counted = (req: AnyRequest, res: AnyResponse) => {
      if (req.httpVersionMajor === 1) {
        const s = req.socket
        active.set(s, (active.get(s) ?? 0) + 1)
        ;(res as ServerResponse).once('close', () => active.set(s, (active.get(s) ?? 1) - 1))
      }
      handler(req, res)
    }
    const secure = createSecureServer(
      {
        cert: opts.tls.cert,
        key: opts.tls.key,
        allowHTTP1: true,
        maxHeaderSize: MAX_HEADER_BYTES,
        settings: { maxHeaderListSize: MAX_HEADER_BYTES },
      } as Parameters<typeof createSecureServer>[0],
      counted,
    )
    secure.on('session', trackSession)
    secure.on('secureConnection', (s: TLSSocket) => {
      if (s.alpnProtocol === 'h2') return
      http1Sockets.add(s)
      s.once('close', () => http1Sockets.delete(s))
    })
    server = secure
    idleHttp1 = () => {
      for (const s of http1Sockets) if (!active.get(s)) s.destroy()
    }
  } else {
    const http1 = createHttp1Server({ maxHeaderSize: MAX_HEADER_BYTES }, handler)
    const http2 = createHttp2Server({ settings: { maxHeaderListSize: MAX_HEADER_BYTES } }, handler)
    let peer: { peername: object; sockname: object } | undefined
    http2.on('session', (session) => {
      // emitted synchronously inside emit('connection') above
      if (peer) Object.assign(session.socket, { _peername: peer.peername, _sockname: peer.sockname })
      trackSession(session)
    })
    const sniffTimeoutMs = opts.sniffTimeoutMs ?? 60_000
    server = createTcpServer((socket) => {
      void sniffConnection(socket, sniffTimeoutMs).then((sniffed) => {
        if (!sniffed) return
        if (closing) return void socket.destroy()
        if (sniffed.protocol === 'http1') {
          socket.unshift(sniffed.head)
          http1.emit('connection', socket)
          socket.resume()
        } else {
          // The session wraps the replaying stream in a socket without a native handle, whose
          // addresses read empty: hand it the real socket's (requests' remoteAddress, request.ip).
          peer = {
            peername: { address: socket.remoteAddress, family: socket.remoteFamily, port: socket.remotePort },
            sockname: { address: socket.localAddress, family: socket.localFamily, port: socket.localPort },
          }
          try {
            http2.emit('connection', new ReplaySocket(socket, sniffed.head))
          } finally {
            peer = undefined
          }
        }
      })
    })
    // The inner HTTP/1.1 server never listens itself; its connection tracking (idle close,
    // header and request timeouts) starts on 'listening' and stops on close.
    server.once('listening', () => http1.emit('listening'))
    server.once('close', () => http1.close())
    idleHttp1 = () => http1.closeIdleConnections()
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const drainMs = opts.drainMs ?? 3000
  const closeAll = () => {
    for (const session of sessions) session.destroy()
    for (const socket of sockets) socket.destroy()
  }
  const close = server.close.bind(server)
  const transport = Object.assign(server, {
    secure: opts.tls !== undefined,
    closeIdleConnections(): void {
      closing = true // fastify calls this right before close()
      idleHttp1()
      for (const session of sessions) if (!session.closed) session.close()
    },
    closeAllConnections: closeAll,
  })
  transport.close = (cb?: (err?: Error) => void) => {
    closing = true
    close(cb)
    if (sockets.size > 0) setTimeout(closeAll, drainMs).unref()
    return transport
  }
  return transport
}
