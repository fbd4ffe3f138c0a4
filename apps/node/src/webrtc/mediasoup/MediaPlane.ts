/**
 * The orchestrator's mediasoup media plane: the worker pool, one {@link StreamFanout} per live
 * stream that has viewers, and the WHEP viewers (a WebRtcTransport on the worker's WebRtcServer
 * and one Consumer each). Parents own their children: the plane closes fan-outs, a fan-out closes
 * its routers, and mediasoup closes each router's transports and consumers with it.
 */
import { randomBytes } from 'node:crypto'
import type { types } from 'mediasoup'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import { SdpCodecUnsupportedError, WebrtcNegotiationError } from '../errors.ts'
import type { VideoCodecName } from '../sdpOffer.ts'
import { MediaPlaneClosedError, WhepViewerLimitError } from './errors.ts'
import { MediasoupPeer, type MediasoupPeerOptions } from './MediasoupPeer.ts'
import { type OutputTap, StreamFanout } from './StreamFanout.ts'
import { type WorkerEntry, WorkerPool, type WorkerPoolOptions } from './WorkerPool.ts'
import { buildWhepAnswer, parseWhepOffer, viewerRtpCapabilities } from './whepSdp.ts'

/** Options of {@link MediaPlane.create}: the pool's, and the viewer limit. */
export type MediaPlaneOptions = WorkerPoolOptions & {
  /** WHEP viewers per stream; more get WHEP_VIEWER_LIMIT (503). Default: 100. */
  maxViewers?: number
  /**
   * A stream's viewers one worker takes before more of them go to another worker, fed through
   * `pipeToRouter`. Default: 500.
   */
  viewersPerWorker?: number
  /** Close a viewer whose ICE and DTLS have not connected after this long. Default: 15000 ms. */
  viewerConnectTimeoutMs?: number
}

/** A stream viewers can watch: the tap on its output, and a way to learn that it ended. */
export interface ViewableStream extends OutputTap {
  /** Display name (the stream id). */
  readonly name: string
  /** Calls `cb` once when the stream ends; returns the unsubscribe function. */
  onEnd(cb: () => void): () => void
}

/** One WHEP viewer. */
export type WhepViewer = {
  /** 192 random bits (base64url): the resource's name, known only to the viewer. */
  readonly id: string
  readonly streamKey: string
  readonly transport: types.WebRtcTransport
  readonly consumer: types.Consumer
}

/**
 * The media plane.
 *
 * @example
 * const plane = await MediaPlane.create({ maxViewers: 50 })
 * const { viewer, answerSdp } = await plane.addViewer(session.id, stream, offerSdp)
 * await plane.closeViewer(viewer.id)
 */
export class MediaPlane extends EnhancedEventEmitter<{ listenererror: [string, unknown] }> {
  readonly pool: WorkerPool
  readonly maxViewers: number
  readonly #connectTimeoutMs: number
  readonly #viewersPerWorker: number
  readonly #fanouts = new Map<string, Promise<StreamFanout>>()
  readonly #viewers = new Map<string, WhepViewer>()
  /** Viewers per stream key, counting those still being made. */
  readonly #perStream = new Map<string, number>()
  #closed = false

  private constructor(pool: WorkerPool, options: MediaPlaneOptions) {
    super()
    this.pool = pool
    this.maxViewers = options.maxViewers ?? 100
    this.#connectTimeoutMs = options.viewerConnectTimeoutMs ?? 15_000
    this.#viewersPerWorker = Math.max(1, options.viewersPerWorker ?? 500)
  }

  /**
   * Starts the worker pool.
   *
   * @throws MediasoupWorkerUnavailableError (`MEDIASOUP_WORKER_UNAVAILABLE`) when no worker starts.
   */
  static async create(options: MediaPlaneOptions = {}): Promise<MediaPlane> {
    return new MediaPlane(await WorkerPool.create(options), options)
  }

  /** Viewers of one stream key, or of all streams. */
  viewerCount(streamKey?: string): number {
    if (streamKey !== undefined) return this.#perStream.get(streamKey) ?? 0
    return this.#viewers.size
  }

  /** A viewer by id, or undefined. */
  getViewer(id: string): WhepViewer | undefined {
    return this.#viewers.get(id)
  }

  #fanout(key: string, stream: ViewableStream): Promise<StreamFanout> {
    let made = this.#fanouts.get(key)
    if (!made) {
      made = StreamFanout.create(this.pool.pick(), stream).then((fanout) => {
        const off = stream.onEnd(() => void this.closeStream(key))
        fanout.once('close', () => {
          off()
          if (this.#fanouts.get(key) === made) this.#fanouts.delete(key)
        })
        return fanout
      })
      made.catch(() => this.#fanouts.delete(key))
      this.#fanouts.set(key, made)
    }
    return made
  }

  /**
   * Answers a WHEP offer for a stream: checks the offer and the limit before making anything, then
   * a WebRtcTransport on the stream's worker and a Consumer of its output.
   *
   * @throws WhepViewerLimitError (`WHEP_VIEWER_LIMIT`), SdpMalformedError (`SDP_MALFORMED`),
   * SdpFingerprintInvalidError (`SDP_FINGERPRINT_INVALID`), SdpCodecUnsupportedError
   * (`SDP_CODEC_UNSUPPORTED`), WebrtcNegotiationError (`WEBRTC_NEGOTIATION_FAILED`),
   * MediaPlaneClosedError (`MEDIA_PLANE_CLOSED`).
   */
  async addViewer(
    streamKey: string,
    stream: ViewableStream,
    offerSdp: string,
  ): Promise<{ viewer: WhepViewer; answerSdp: string }> {
    if (this.#closed) throw new MediaPlaneClosedError()
    const offer = parseWhepOffer(offerSdp, stream.codec)
    const count = this.#perStream.get(streamKey) ?? 0
    if (count >= this.maxViewers) throw new WhepViewerLimitError(stream.name, this.maxViewers)
    this.#perStream.set(streamKey, count + 1)
    let transport: types.WebRtcTransport | undefined
    try {
      const fanout = await this.#fanout(streamKey, stream)
      // the stream's own worker first; once it carries viewersPerWorker of them, the least loaded
      // worker with room (all full: the stream's own)
      const room = (e: WorkerEntry) => fanout.viewersOn(e) < this.#viewersPerWorker
      const candidates = [fanout.entry, ...this.pool.byLoad()].filter(
        (e) => this.pool.entries.includes(e) && room(e),
      )
      const { router, producerId, entry } = await fanout.routerFor(
        offer.codec.payloadType,
        candidates[0] ?? fanout.entry,
      )
      const caps = viewerRtpCapabilities(offer, router.rtpCapabilities)
      if (!router.canConsume({ producerId, rtpCapabilities: caps })) throw new SdpCodecUnsupportedError()
      transport = await router.createWebRtcTransport({
        webRtcServer: entry.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
      })
      await transport.connect({
        dtlsParameters: {
          role: offer.dtlsRole,
          fingerprints: [
            {
              algorithm: offer.fingerprint.algorithm as types.FingerprintAlgorithm,
              value: offer.fingerprint.value,
            },
          ],
        },
      })
      const consumer = await transport.consume({ producerId, rtpCapabilities: caps })
      const viewer: WhepViewer = {
        id: randomBytes(24).toString('base64url'),
        streamKey,
        transport,
        consumer,
      }
      this.#adopt(viewer, fanout, entry)
      return { viewer, answerSdp: buildWhepAnswer(offer, transport, consumer) }
    } catch (err) {
      transport?.close()
      this.#release(streamKey)
      if (err instanceof Error && 'code' in err) throw err
      throw new WebrtcNegotiationError(err)
    }
  }

  #release(streamKey: string): void {
    const n = (this.#perStream.get(streamKey) ?? 1) - 1
    if (n > 0) {
      this.#perStream.set(streamKey, n)
      return
    }
    // the last viewer left (none is being made: they count from the start): the fan-out's routers
    // go, and its tap with them (a rendition's encoder stops); the next viewer makes a new one
    this.#perStream.delete(streamKey)
    void this.closeStream(streamKey)
  }

  #adopt(viewer: WhepViewer, fanout: StreamFanout, entry: WorkerEntry): void {
    const { transport } = viewer
    this.#viewers.set(viewer.id, viewer)
    const counts = entry.counts
    counts.viewers++
    fanout.countViewer(entry, 1)
    const timer = setTimeout(() => {
      if (transport.dtlsState !== 'connected') transport.close()
    }, this.#connectTimeoutMs)
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') transport.close()
    })
    transport.on('icestatechange', (state) => {
      if (state === 'disconnected') transport.close()
    })
    transport.observer.once('close', () => {
      clearTimeout(timer)
      this.#viewers.delete(viewer.id)
      counts.viewers--
      fanout.countViewer(entry, -1)
      this.#release(viewer.streamKey)
    })
  }

  /**
   * Answers a WHIP offer on the least loaded worker: the session's router, transports, producers
   * and consumers ({@link MediasoupPeer}).
   *
   * @throws SdpMalformedError (`SDP_MALFORMED`), SdpFingerprintInvalidError
   * (`SDP_FINGERPRINT_INVALID`), SdpCodecUnsupportedError (`SDP_CODEC_UNSUPPORTED`),
   * WebrtcNegotiationError (`WEBRTC_NEGOTIATION_FAILED`), MediaPlaneClosedError (`MEDIA_PLANE_CLOSED`).
   */
  answerWhip(
    offerSdp: string,
    options: MediasoupPeerOptions = {},
  ): Promise<{ peer: MediasoupPeer; answerSdp: string; codec: VideoCodecName }> {
    if (this.#closed) throw new MediaPlaneClosedError()
    return MediasoupPeer.answer(this.pool.pick(), offerSdp, options)
  }

  /** Ends one viewer (its transport and consumer). Returns false when there is none. */
  closeViewer(id: string): boolean {
    const v = this.#viewers.get(id)
    if (!v) return false
    v.transport.close()
    return true
  }

  /** Ends a stream's fan-out and all its viewers (the stream ended). */
  async closeStream(streamKey: string): Promise<void> {
    const made = this.#fanouts.get(streamKey)
    this.#fanouts.delete(streamKey)
    try {
      await (await made)?.close()
    } catch (err) {
      logger.debug(`fan-out of ${streamKey} had failed`, err)
    }
  }

  /** Closes every fan-out and worker. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.all([...this.#fanouts.keys()].map((k) => this.closeStream(k)))
    await this.pool.close()
  }
}
