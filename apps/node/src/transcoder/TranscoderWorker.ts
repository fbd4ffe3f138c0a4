/**
 * The `prism transcoder` process: attaches to an orchestrator (`GET /transcoder/attach`, shared
 * secret), transcodes each job it receives with ffmpeg and posts the renditions back. Reconnects
 * after a lost connection until closed.
 */
import { EventEmitter } from 'node:events'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createInterface } from 'node:readline'
import type { TranscoderResultMessage, TranscoderStreamMessage } from '@prism/protocol'
import { transcodeSegment } from '../media/ffmpeg/transcodeSegment.ts'
import { profilesByName } from '../media/profiles.ts'

/** Options of {@link TranscoderWorker}. */
export type TranscoderWorkerOptions = {
  /** Orchestrator base URL, e.g. `http://127.0.0.1:8935`. */
  orchAddr: string
  /** Shared secret (`-orchSecret`). */
  secret: string
  /** Concurrent jobs. Default: 1. */
  capacity?: number
  /** Delay before reconnecting. Default: 1000 ms. */
  reconnectMs?: number
}

/** Events of {@link TranscoderWorker}. */
export type TranscoderWorkerEvents = {
  attached: [id: string]
  detached: []
  jobDone: [jobId: string]
  error: [Error]
}

/**
 * Attached transcoder worker.
 *
 * @example
 * const w = new TranscoderWorker({ orchAddr: 'http://127.0.0.1:8935', secret: 's3cret' })
 * w.start()
 */
export class TranscoderWorker extends EventEmitter<TranscoderWorkerEvents> {
  private res: IncomingMessage | undefined
  private closed = false
  private timer: NodeJS.Timeout | undefined
  private readonly base: URL

  constructor(private readonly opts: TranscoderWorkerOptions) {
    super()
    this.base = new URL(opts.orchAddr)
  }

  /** Connects (and keeps reconnecting). */
  start(): void {
    if (this.closed) return
    const url = new URL(`/transcoder/attach?capacity=${this.opts.capacity ?? 1}`, this.base)
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${this.opts.secret}` },
      rejectUnauthorized: false,
    })
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        this.emit('error', new Error(`attach refused: HTTP ${res.statusCode}`))
        res.resume()
        this.reconnect()
        return
      }
      this.res = res
      const lines = createInterface({ input: res })
      lines.on('line', (line) => this.handleLine(line))
      res.on('close', () => {
        this.res = undefined
        this.emit('detached')
        this.reconnect()
      })
    })
    req.on('error', (err) => {
      this.emit('error', err)
      this.reconnect()
    })
    req.end()
  }

  private reconnect(): void {
    if (this.closed || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.start()
    }, this.opts.reconnectMs ?? 1000)
  }

  private handleLine(line: string): void {
    let msg: TranscoderStreamMessage
    try {
      msg = JSON.parse(line) as TranscoderStreamMessage
    } catch {
      return
    }
    if (msg.type === 'hello') this.emit('attached', msg.id)
    if (msg.type !== 'job') return
    const job = msg
    void (async () => {
      let body: TranscoderResultMessage
      try {
        const specs = profilesByName(job.profiles).map((p) => ({ ...p }))
        const r = await transcodeSegment(Buffer.from(job.data, 'base64'), specs)
        body = {
          renditions: r.map((x) => ({
            profile: x.profile,
            width: x.width,
            height: x.height,
            frames: x.frames,
            pixels: x.pixels,
            data: Buffer.from(x.data).toString('base64'),
          })),
        }
      } catch (err) {
        body = { error: (err as Error).message }
      }
      if (this.closed) return
      try {
        const res = await fetch(new URL(`/transcoder/results/${job.id}`, this.base), {
          method: 'POST',
          headers: { authorization: `Bearer ${this.opts.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        await res.arrayBuffer()
        this.emit('jobDone', job.id)
      } catch (err) {
        this.emit('error', err as Error)
      }
    })()
  }

  /** Disconnects and stops reconnecting. Idempotent. */
  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.res?.destroy()
  }
}
