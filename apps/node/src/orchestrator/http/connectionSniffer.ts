/**
 * Tells a plaintext connection's protocol from its first bytes: HTTP/2 with prior knowledge starts
 * with the 24-byte connection preface `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`; anything else is HTTP/1.x.
 * One plaintext port serves both (gRPC "insecure" clients and browsers).
 */
import type { Socket } from 'node:net'

/** The HTTP/2 client connection preface (RFC 9113 §3.4). */
export const HTTP2_PREFACE: Buffer = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')

/** The protocol a connection speaks, or `undecided` while its first bytes are a strict prefix of the preface. */
export type PrefaceVerdict = 'h2' | 'http1' | 'undecided'

/**
 * Classifies the bytes read so far: `h2` once they start with the whole preface, `http1` as soon
 * as one byte differs from it, `undecided` while they are a (possibly empty) prefix of it.
 *
 * @example
 * classifyPreface(Buffer.from('GET / HTTP/1.1\r\n')) // 'http1'
 * classifyPreface(Buffer.from('PRI * HT'))           // 'undecided'
 */
export function classifyPreface(head: Uint8Array): PrefaceVerdict {
  const n = Math.min(head.length, HTTP2_PREFACE.length)
  for (let i = 0; i < n; i++) if (head[i] !== HTTP2_PREFACE[i]) return 'http1'
  return head.length >= HTTP2_PREFACE.length ? 'h2' : 'undecided'
}

/** What {@link sniffConnection} read: the protocol and every byte taken from the socket so far. */
export type Sniffed = { protocol: 'h2' | 'http1'; head: Buffer }

/**
 * Reads from `socket` until {@link classifyPreface} decides, then pauses it and resolves with the
 * bytes consumed (hand them back to whichever server takes the socket). Resolves `undefined` when
 * the peer closes, errs, or stays undecided for `timeoutMs`; the socket is then destroyed.
 *
 * @example
 * const s = await sniffConnection(socket, 10_000)
 * if (s?.protocol === 'http1') { socket.unshift(s.head); http1Server.emit('connection', socket) }
 */
export function sniffConnection(socket: Socket, timeoutMs: number): Promise<Sniffed | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let total = 0
    const done = (result: Sniffed | undefined) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('end', onGone)
      socket.off('close', onGone)
      socket.off('error', onGone)
      if (result) socket.pause()
      else socket.destroy()
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      total += chunk.length
      const head = Buffer.concat(chunks, total)
      const verdict = classifyPreface(head)
      if (verdict !== 'undecided') done({ protocol: verdict, head })
    }
    const onGone = () => done(undefined)
    const timer = setTimeout(onGone, timeoutMs)
    socket.on('data', onData)
    socket.once('end', onGone)
    socket.once('close', onGone)
    socket.once('error', onGone)
  })
}
