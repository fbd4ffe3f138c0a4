/**
 * A Duplex over a socket that first yields bytes already read from it. Node's http2 server reads
 * a net.Socket's native handle directly, so `socket.unshift()` does not give the sniffed preface
 * back to it; wrapping the socket in this stream does.
 */
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'

/**
 * The stream handed to the HTTP/2 server: reads replay `head`, then the socket's data; writes,
 * end and destroy go to the socket. Address getters delegate to the socket (request IPs stay right).
 */
export class ReplaySocket extends Duplex {
  readonly #socket: Socket

  /**
   * @example
   * http2Server.emit('connection', new ReplaySocket(socket, sniffed.head))
   */
  constructor(socket: Socket, head: Buffer) {
    super({ allowHalfOpen: false })
    this.#socket = socket
    if (head.length > 0) this.push(head)
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause()
    })
    socket.once('end', () => this.push(null))
    socket.once('error', (err) => this.destroy(err))
    socket.once('close', () => {
      if (!this.destroyed) this.destroy()
    })
  }

  /** Peer address of the underlying socket. */
  get remoteAddress(): string | undefined {
    return this.#socket.remoteAddress
  }
  /** Peer port of the underlying socket. */
  get remotePort(): number | undefined {
    return this.#socket.remotePort
  }
  /** Peer address family of the underlying socket. */
  get remoteFamily(): string | undefined {
    return this.#socket.remoteFamily
  }
  /** Local address of the underlying socket. */
  get localAddress(): string | undefined {
    return this.#socket.localAddress
  }
  /** Local port of the underlying socket. */
  get localPort(): number | undefined {
    return this.#socket.localPort
  }

  /** Forwarded to the socket (http2 sessions set idle timeouts). */
  setTimeout(ms: number, cb?: () => void): this {
    this.#socket.setTimeout(ms, cb)
    return this
  }
  /** Forwarded to the socket. */
  setNoDelay(noDelay?: boolean): this {
    this.#socket.setNoDelay(noDelay)
    return this
  }
  /** Forwarded to the socket. */
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.#socket.setKeepAlive(enable, delay)
    return this
  }

  override _read(): void {
    this.#socket.resume()
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.#socket.write(chunk, encoding, cb)
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.#socket.end(cb)
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.#socket.destroy(err ?? undefined)
    cb(err)
  }
}
