/**
 * Loopback UDP plumbing between werift (RTP packets in Node) and ffmpeg (RTP over UDP).
 */
import { createSocket, type Socket } from 'node:dgram'

async function bind(port: number): Promise<Socket | undefined> {
  const s = createSocket('udp4')
  return new Promise((resolve) => {
    s.once('error', () => {
      s.close()
      resolve(undefined)
    })
    s.bind(port, '127.0.0.1', () => resolve(s))
  })
}

/**
 * Finds an even UDP port on 127.0.0.1 whose successor is also free (RTP + RTCP for ffmpeg's RTP
 * input). Both ports are released before returning, so there is a small race with other processes.
 */
export async function allocateRtpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = await bind(0)
    if (!probe) continue
    const port = probe.address().port & ~1
    probe.close()
    if (port < 1024 || port > 65532) continue
    const a = await bind(port)
    if (!a) continue
    const b = await bind(port + 1)
    a.close()
    if (!b) continue
    b.close()
    return port
  }
  throw new Error('no free RTP port pair on 127.0.0.1')
}

/**
 * Sends RTP packets to 127.0.0.1:`port` (an ffmpeg RTP input), rewriting the payload type to 96.
 *
 * @example
 * const sink = await RtpSink.open(port); sink.send(packet); sink.close()
 */
export class RtpSink {
  #closed = false
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  /** Opens an unbound sending socket. */
  static async open(port: number): Promise<RtpSink> {
    const s = createSocket('udp4')
    s.on('error', () => undefined)
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    return new RtpSink(s, port)
  }

  /**
   * Sends one packet (copy with payload type 96, and `timestamp` as its RTP timestamp when given).
   * Dropped silently after close.
   */
  send(packet: Buffer, timestamp?: number): void {
    if (this.#closed || packet.length < 12) return
    const copy = Buffer.from(packet)
    copy[1] = (copy[1]! & 0x80) | 96
    if (timestamp !== undefined) copy.writeUInt32BE(timestamp >>> 0, 4)
    this.socket.send(copy, this.port, '127.0.0.1')
  }

  /** Closes the socket. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.socket.close()
  }
}

/**
 * Listens on 127.0.0.1 (port chosen by the OS) for RTP packets sent by ffmpeg; RTCP (payload
 * types 200 to 204) is filtered out.
 */
export class RtpSource {
  #closed = false
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  /** Binds a socket and calls `onPacket` for each RTP packet. */
  static async open(onPacket: (packet: Buffer) => void): Promise<RtpSource> {
    const s = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 })
    s.on('error', () => undefined)
    s.on('message', (msg) => {
      if (msg.length < 12) return
      const pt = msg[1]! & 0x7f
      if (pt >= 72 && pt <= 76) return // RTCP SR/RR/SDES/BYE/APP (200..204 with marker bit)
      onPacket(msg)
    })
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
    return new RtpSource(s, s.address().port)
  }

  /** Closes the socket. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.socket.close()
  }
}
