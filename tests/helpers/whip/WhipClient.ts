/**
 * Headless gateway client: streams ffmpeg testsrc (or a file) to an orchestrator over WHIP,
 * receives the processed video on the same peer connection, counts and decodes frames, measures
 * round trips (see WhipClientTypes.ts), and exposes the `control` and `payment` data channels.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  allocateRtpPortPair,
  type DataChannelLike,
  EnhancedEventEmitter,
  FfmpegProcess,
  h264EncodeArgs,
  logger,
  MediaPeer,
  parseRtpHeader,
  RtpSink,
  RtpSource,
  rtpInputArgs,
  rtpInputSdp,
  rtpOutputArgs,
  vp8EncodeArgs,
  Y4mReader,
} from '@prism/node'
import { signWhipOffer } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { WhipRequestError } from './errors.ts'
import type { WhipClientEvents, WhipClientOptions, WhipClientStats } from './WhipClientTypes.ts'

/**
 * A WHIP publisher that also receives the processed video back.
 *
 * @throws WhipRequestError (`WHIP_REQUEST_FAILED`) when the POST is refused (carries the node's code).
 * @example
 * const client = await WhipClient.connect({ url, streamId: 'cam1', pipeline: { kind: 'passthrough' } })
 * await client.waitForFrames(60)
 * console.log(client.stats.width, client.rttPercentile(50))
 * await client.close()
 */
export class WhipClient extends EnhancedEventEmitter<WhipClientEvents> {
  readonly stats: WhipClientStats = {
    framesSent: 0,
    framesReceived: 0,
    framesDecoded: 0,
    width: 0,
    height: 0,
    roundTripsMs: [],
  }
  /** Every JSON event received on `control` so far (also those before listeners were added). */
  readonly controlLog: Record<string, unknown>[] = []
  /** Absolute URL of the session (WHIP Location). */
  readonly location: string
  readonly #peer: MediaPeer
  readonly #opts: WhipClientOptions
  readonly #channels: Map<string, DataChannelLike>
  readonly #sentAt = new Map<number, number>()
  #source: FfmpegProcess | undefined
  #sourceRtp: RtpSource | undefined
  #audioRtp: RtpSource | undefined
  #decoder: FfmpegProcess | undefined
  #decoderSink: RtpSink | undefined
  #tmpDir: string | undefined
  #closing: Promise<void> | undefined
  #started = false
  #lastTs: number | undefined
  #decoderRestarts = 0

  private constructor(
    peer: MediaPeer,
    location: string,
    channels: Map<string, DataChannelLike>,
    opts: WhipClientOptions,
  ) {
    super()
    this.#peer = peer
    this.location = location
    this.#channels = channels
    this.#opts = opts
  }

  /**
   * Offers, POSTs to `/live/{stream}/whip` (signing the offer with `senderKey` when given), applies
   * the answer and (unless `manualStart`) starts streaming once connected. When anything after the
   * POST fails (e.g. the peer does not connect) the client is closed (WHIP DELETE, peer, ffmpeg,
   * temporary folder) before the error is thrown.
   */
  static async connect(opts: WhipClientOptions): Promise<WhipClient> {
    const codecs: ('H264' | 'VP8')[] = opts.codec === 'VP8' ? ['VP8', 'H264'] : ['H264', 'VP8']
    const { peer, offerSdp, channels } = await MediaPeer.offer({
      codecs,
      channels: ['control', 'payment'],
      audio: opts.audio ?? false,
    })
    const q = new URLSearchParams()
    if (opts.pipeline !== undefined) q.set('pipeline', JSON.stringify(opts.pipeline))
    const account = opts.senderKey ? privateKeyToAccount(opts.senderKey) : undefined
    const sender = opts.sender ?? account?.address
    if (sender) q.set('sender', sender)
    const senderSig =
      opts.senderSig ??
      (account ? await signWhipOffer(account, { stream: opts.streamId, offerSdp }) : undefined)
    if (senderSig) q.set('senderSig', senderSig)
    const endpoint = `${opts.url}/live/${encodeURIComponent(opts.streamId)}/whip${q.size ? `?${q}` : ''}`
    let res: Response
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/sdp', ...opts.headers },
        body: offerSdp,
      })
    } catch (err) {
      await peer.close()
      throw new WhipRequestError(0, 'FETCH_FAILED', String(err))
    }
    const text = await res.text()
    if (res.status !== 201) {
      await peer.close()
      let code = 'UNKNOWN'
      let message = text
      try {
        ;({ code, message } = JSON.parse(text) as { code: string; message: string })
      } catch {
        // not JSON
      }
      throw new WhipRequestError(res.status, code, message)
    }
    const location = new URL(res.headers.get('location') ?? '', endpoint).toString()
    const client = new WhipClient(peer, location, channels, opts)
    try {
      await client.#setup(text)
    } catch (err) {
      await client.close()
      throw err
    }
    return client
  }

  async #setup(answerSdp: string): Promise<void> {
    const peer = this.#peer
    peer.on('connectionstatechange', (s) => this.safeEmit('connectionstatechange', s))
    peer.on('videortp', (pkt) => this.#onReturnedRtp(pkt))
    this.#channels.get('control')?.onMessage((d) => {
      try {
        const event = JSON.parse(typeof d === 'string' ? d : new TextDecoder().decode(d)) as Record<
          string,
          unknown
        >
        this.controlLog.push(event)
        this.safeEmit('control', event)
      } catch {
        // ignore non-JSON
      }
    })
    this.#channels.get('payment')?.onMessage((d) => {
      if (typeof d !== 'string') return void this.safeEmit('payment', d)
      try {
        this.safeEmit('payment', JSON.parse(d))
      } catch {
        // ignore
      }
    })
    this.#tmpDir = await mkdtemp(join(tmpdir(), 'prism-client-'))
    await peer.acceptAnswer(answerSdp)
    await this.#waitConnected(this.#opts.connectTimeoutMs ?? 15_000)
    if (this.#opts.decode !== false) await this.#startDecoder()
    if (!this.#opts.manualStart) await this.start()
  }

  async #waitConnected(timeoutMs: number): Promise<void> {
    if (this.#peer.connectionState === 'connected') return
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('peer did not connect')), timeoutMs)
      this.#peer.on('connectionstatechange', (s) => {
        if (s === 'connected') {
          clearTimeout(t)
          resolve()
        } else if (s === 'failed' || s === 'closed') {
          clearTimeout(t)
          reject(new Error(`peer did not connect (${s})`))
        }
      })
    })
  }

  async #startDecoder(): Promise<void> {
    const codec = this.#peer.codec ?? 'H264'
    const port = await allocateRtpPortPair()
    const sdpPath = join(this.#tmpDir!, 'return.sdp')
    await writeFile(sdpPath, rtpInputSdp(codec, port))
    this.#decoder = new FfmpegProcess({
      name: 'client/decode',
      args: [...rtpInputArgs(sdpPath), '-an', '-f', 'yuv4mpegpipe', '-pix_fmt', 'yuv420p', 'pipe:1'],
      stdout: true,
    })
    const reader = new Y4mReader((f) => {
      this.stats.framesDecoded++
      this.stats.width = f.width
      this.stats.height = f.height
      this.safeEmit('frame', f)
    })
    this.#decoder.child.stdout?.on('data', (c: Buffer) => reader.push(c))
    this.#decoder.on('exit', (code, _signal, tail) => {
      if (this.#closing || this.#decoderRestarts >= 3) return
      // e.g. its RTP port was taken between allocation and bind: start another one
      this.#decoderRestarts++
      logger.warn(`client decoder exited (${code}); restarting`, tail.slice(-300))
      this.#decoderSink?.close()
      void this.#startDecoder()
    })
    this.#decoderSink?.close()
    this.#decoderSink = await RtpSink.open(port)
    // give ffmpeg a moment to bind its port before packets arrive
    await new Promise((r) => setTimeout(r, 300))
  }

  /** Starts the video source (once). */
  async start(): Promise<void> {
    if (this.#started) return
    this.#started = true
    const src = this.#opts.source ?? { type: 'testsrc', width: 640, height: 360 }
    this.#sourceRtp = await RtpSource.open((pkt) => this.#onSourceRtp(pkt))
    const codec = this.#peer.codec ?? 'H264'
    const input =
      src.type === 'testsrc'
        ? [
            '-re',
            '-f',
            'lavfi',
            '-i',
            `testsrc2=size=${src.width}x${src.height}:rate=${src.fps ?? 30}`,
            ...(src.durationSec ? ['-t', String(src.durationSec)] : []),
          ]
        : ['-re', ...(src.loop ? ['-stream_loop', '-1'] : []), '-i', src.path]
    const fps = src.type === 'testsrc' ? (src.fps ?? 30) : 30
    const enc =
      codec === 'VP8'
        ? vp8EncodeArgs(1500, fps)
        : [...h264EncodeArgs('libx264', 1500, fps, true), '-bsf:v', 'dump_extra']
    const audio = this.#opts.audio
      ? await this.#audioArgs(src.type === 'testsrc' ? src.durationSec : undefined)
      : undefined
    this.#source = new FfmpegProcess({
      name: 'client/source',
      args: [
        ...input,
        ...(audio ? [...audio.input, '-map', '0:v'] : ['-an']),
        ...enc,
        ...rtpOutputArgs(this.#sourceRtp.port),
        ...(audio?.output ?? []),
      ],
    })
  }

  /**
   * ffmpeg arguments for the audio track: a 440 Hz tone as a second input, encoded to Opus and
   * sent as RTP to a local port whose packets go out on the peer's audio track.
   */
  async #audioArgs(durationSec: number | undefined): Promise<{ input: string[]; output: string[] }> {
    this.#audioRtp = await RtpSource.open((pkt) => this.#peer.sendAudioRtp(pkt))
    return {
      input: [
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
        ...(durationSec ? ['-t', String(durationSec)] : []),
      ],
      output: [
        ...['-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '64k', '-f', 'rtp', '-payload_type', '111'],
        `rtp://127.0.0.1:${this.#audioRtp.port}?pkt_size=1200`,
      ],
    }
  }

  #onSourceRtp(pkt: Buffer): void {
    const h = parseRtpHeader(pkt)
    if (!h) return
    if (h.timestamp !== this.#lastTs) {
      this.#lastTs = h.timestamp
      this.#sentAt.set(h.timestamp, performance.now())
      if (this.#sentAt.size > 600) this.#sentAt.delete(this.#sentAt.keys().next().value!)
    }
    if (h.marker) this.stats.framesSent++
    this.#peer.sendVideoRtp(pkt)
  }

  #onReturnedRtp(pkt: Buffer): void {
    this.#decoderSink?.send(pkt)
    const h = parseRtpHeader(pkt)
    if (!h?.marker) return
    this.stats.framesReceived++
    const sent = this.#sentAt.get(h.timestamp)
    if (sent !== undefined) {
      this.stats.roundTripsMs.push(performance.now() - sent)
      this.#sentAt.delete(h.timestamp)
    }
  }

  /** The `control` data channel (JSON). */
  get control(): DataChannelLike {
    return this.#channels.get('control')!
  }

  /** The `payment` data channel (protobuf bytes or JSON). */
  get payment(): DataChannelLike {
    return this.#channels.get('payment')!
  }

  /** Sends a JSON message on the `control` channel (waits for it to open). */
  async sendControl(message: Record<string, unknown>): Promise<void> {
    await this.control.opened()
    this.control.send(JSON.stringify(message))
  }

  /** Codec negotiated with the node. */
  get codec(): 'H264' | 'VP8' | undefined {
    return this.#peer.codec
  }

  /** p-th percentile (0..100) of measured round trips, or NaN when none. */
  rttPercentile(p: number): number {
    const xs = [...this.stats.roundTripsMs].sort((a, b) => a - b)
    if (xs.length === 0) return Number.NaN
    return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]!
  }

  /** Resolves once `n` frames were decoded (or received, when not decoding); rejects after `timeoutMs`. */
  waitForFrames(n: number, timeoutMs = 30_000): Promise<void> {
    const count = () => (this.#opts.decode === false ? this.stats.framesReceived : this.stats.framesDecoded)
    return new Promise((resolve, reject) => {
      const started = Date.now()
      const tick = setInterval(() => {
        if (count() >= n) {
          clearInterval(tick)
          resolve()
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(tick)
          const s = this.stats
          reject(
            new Error(
              `only ${count()} of ${n} frames after ${timeoutMs} ms (sent ${s.framesSent}, received ${s.framesReceived}, decoded ${s.framesDecoded}; decoder: ${this.#decoder?.stderrTail.slice(-200) ?? 'none'})`,
            ),
          )
        }
      }, 50)
    })
  }

  /** Resolves when the source (a finite testsrc or file) has finished sending. */
  async sourceDone(): Promise<void> {
    await this.#source?.exited
  }

  /** Sends the WHIP DELETE (unless `skipDelete`), stops ffmpeg and closes the peer. Idempotent. */
  close(options: { skipDelete?: boolean } = {}): Promise<void> {
    this.#closing ??= (async () => {
      await this.#source?.close()
      this.#sourceRtp?.close()
      this.#audioRtp?.close()
      if (!options.skipDelete) await fetch(this.location, { method: 'DELETE' }).catch(() => undefined)
      await this.#peer.close()
      this.#decoderSink?.close()
      await this.#decoder?.close()
      if (this.#tmpDir) await rm(this.#tmpDir, { recursive: true, force: true })
      this.safeEmit('close')
    })()
    return this.#closing
  }
}
