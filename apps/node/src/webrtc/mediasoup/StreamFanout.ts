/**
 * One stream's fan-out to WHEP viewers: a router on one worker whose PlainTransport producer is fed
 * the stream's output RTP over loopback UDP (one packet in, any number of consumers out, all in the
 * worker), and one more router per payload type viewers ask for and per further worker the stream
 * spills onto, fed by `pipeToRouter` (a Consumer sends with its router's payload type, and a
 * browser decodes only the one it offered). Keyframe
 * requests (PLI/FIR) of the viewers come back from the producer as RTCP and reach the source.
 * Closing it closes its routers (mediasoup closes their transports, producers and consumers).
 */
import { createSocket, type Socket } from 'node:dgram'
import type { types } from 'mediasoup'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import type { VideoCodecName } from '../sdpOffer.ts'
import type { WorkerEntry } from './WorkerPool.ts'

/** The stream a fan-out carries: its output RTP and a way to ask it for a keyframe. */
export interface OutputTap {
  readonly codec: VideoCodecName
  /** Subscribes to the stream's output RTP packets; returns the unsubscribe function. */
  onRtp(cb: (packet: Buffer) => void): () => void
  /** Asks the stream for a keyframe (a viewer joined or lost packets). */
  requestKeyframe(): void
}

/** Payload type and SSRC the source router's producer receives (packets are rewritten to them). */
const SOURCE_PT = { VP8: 96, H264: 102 } as const
const SOURCE_SSRC = 0x50524953

/** The source codec as the producer declares it. */
export function sourceCodec(codec: VideoCodecName, payloadType: number = SOURCE_PT[codec]) {
  return {
    kind: 'video' as const,
    mimeType: `video/${codec}`,
    clockRate: 90000,
    preferredPayloadType: payloadType,
    parameters:
      codec === 'H264'
        ? { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 }
        : {},
  }
}

/** True for an RTCP packet that asks for a keyframe (PSFB PLI or FIR) anywhere in a compound. */
export function isKeyframeRequest(buf: Buffer): boolean {
  let off = 0
  while (off + 4 <= buf.length) {
    const fmt = buf[off]! & 0x1f
    const pt = buf[off + 1]!
    if (pt === 206 && (fmt === 1 || fmt === 4)) return true
    off += (buf.readUInt16BE(off + 2) + 1) * 4
  }
  return false
}

/** A router viewers consume from, the id of the stream's producer in it, and its worker. */
export type ViewerRouter = { router: types.Router; producerId: string; entry: WorkerEntry }

/** Events of a fan-out. */
export type StreamFanoutEvents = {
  /** Its routers are gone (closed, or their worker died). */
  close: []
  listenererror: [event: string, error: unknown]
}

/**
 * A stream's routers on one worker.
 *
 * @example
 * const fanout = await StreamFanout.create(pool.pick(), tap)
 * const { router, producerId } = await fanout.routerFor(96) // for viewers offering PT 96
 */
export class StreamFanout extends EnhancedEventEmitter<StreamFanoutEvents> {
  readonly entry: WorkerEntry
  readonly codec: VideoCodecName
  readonly #router: types.Router
  readonly #producer: types.Producer
  readonly #socket: Socket
  readonly #groups = new Map<string, Promise<ViewerRouter>>()
  readonly #viewersOn = new Map<WorkerEntry, number>()
  readonly #unsubscribe: () => void
  #closed = false

  private constructor(
    entry: WorkerEntry,
    tap: OutputTap,
    router: types.Router,
    producer: types.Producer,
    socket: Socket,
    sendPort: number,
  ) {
    super()
    this.entry = entry
    this.codec = tap.codec
    this.#router = router
    this.#producer = producer
    this.#socket = socket
    this.#groups.set(
      `${entry.index}:${SOURCE_PT[tap.codec]}`,
      Promise.resolve({ router, producerId: producer.id, entry }),
    )
    socket.on('message', (msg) => {
      if (isKeyframeRequest(msg)) tap.requestKeyframe()
    })
    this.#unsubscribe = tap.onRtp((packet) => {
      if (this.#closed || packet.length < 12) return
      const out = Buffer.from(packet)
      out[1] = (out[1]! & 0x80) | SOURCE_PT[tap.codec]
      out.writeUInt32BE(SOURCE_SSRC, 8)
      socket.send(out, sendPort, '127.0.0.1')
    })
    router.observer.once('close', () => void this.close())
  }

  /** Makes the source router, its PlainTransport and producer, and starts feeding it. */
  static async create(entry: WorkerEntry, tap: OutputTap): Promise<StreamFanout> {
    const router = await entry.worker.createRouter({ mediaCodecs: [sourceCodec(tap.codec)] })
    const socket = createSocket('udp4')
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject)
        socket.bind(0, '127.0.0.1', () => resolve())
      })
      socket.on('error', (err) => logger.debug('fan-out socket error', err))
      const plain = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
      })
      await plain.connect({ ip: '127.0.0.1', port: socket.address().port })
      const { preferredPayloadType, ...codec } = sourceCodec(tap.codec)
      const producer = await plain.produce({
        kind: 'video',
        rtpParameters: {
          codecs: [
            {
              ...codec,
              payloadType: preferredPayloadType,
              rtcpFeedback: [
                { type: 'nack' },
                { type: 'nack', parameter: 'pli' },
                { type: 'ccm', parameter: 'fir' },
              ],
            },
          ],
          encodings: [{ ssrc: SOURCE_SSRC }],
        },
      })
      return new StreamFanout(entry, tap, router, producer, socket, plain.tuple.localPort)
    } catch (err) {
      socket.close()
      router.close()
      throw err
    }
  }

  /** The source producer's id. */
  get producerId(): string {
    return this.#producer.id
  }

  /** This stream's viewers on a worker. */
  viewersOn(entry: WorkerEntry): number {
    return this.#viewersOn.get(entry) ?? 0
  }

  /** Counts a viewer in (+1) or out (-1) on a worker. */
  countViewer(entry: WorkerEntry, delta: 1 | -1): void {
    const n = this.viewersOn(entry) + delta
    if (n > 0) this.#viewersOn.set(entry, n)
    else this.#viewersOn.delete(entry)
  }

  /**
   * The router on `entry`'s worker (default: the source's) whose consumers send with
   * `payloadType`, and the producer they consume there: the source router when both match, else
   * one made for them and fed from the source through `pipeToRouter` (on the same worker the piped
   * producer takes a new id, so ids are never kept).
   */
  routerFor(payloadType: number, entry: WorkerEntry = this.entry): Promise<ViewerRouter> {
    const key = `${entry.index}:${payloadType}`
    let made = this.#groups.get(key)
    if (!made) {
      made = (async () => {
        const router = await entry.worker.createRouter({
          mediaCodecs: [sourceCodec(this.codec, payloadType)],
        })
        try {
          const { pipeProducer } = await this.#router.pipeToRouter({
            producerId: this.#producer.id,
            router,
            keepId: false,
            enableSctp: false,
          })
          if (!pipeProducer) throw new Error('pipeToRouter made no producer')
          // its worker died: later viewers get a fresh one
          router.observer.once('close', () => {
            if (this.#groups.get(key) === made) this.#groups.delete(key)
          })
          return { router, producerId: pipeProducer.id, entry }
        } catch (err) {
          router.close()
          throw err
        }
      })()
      made.catch(() => this.#groups.delete(key))
      this.#groups.set(key, made)
    }
    return made
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed
  }

  /** Stops feeding and closes every router of the stream. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#unsubscribe()
    this.#socket.close()
    const routers = await Promise.allSettled(this.#groups.values())
    for (const r of routers) if (r.status === 'fulfilled') r.value.router.close()
    this.#router.close()
    this.safeEmit('close')
  }
}
