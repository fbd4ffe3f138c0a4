/**
 * The `prism transcoder` process, speaking go-livepeer's remote-transcoder protocol (docs/transcoder.md):
 * registers with `net.Transcoder/RegisterTranscoder` over gRPC (TLS without certificate checks, as
 * go-livepeer's transcoders; HTTP/2 with prior knowledge for an `http://` address), runs each
 * `NotifySegment` work item it is streamed ({@link runTask}) and posts the result on
 * `/transcodeResults` over HTTP/2 ({@link ResultPoster}). A lost stream is registered again after
 * an exponential backoff (1 s doubling, at most 1 min); `invalid secret` and `zero capacity` are
 * fatal: the worker stops and reports `fatal`. A session's consecutive segments go through one
 * long-lived ffmpeg, others through one each started ahead ({@link SegmentTranscoders}); a
 * session's teardown item ends its ffmpeg, and close kills them all.
 */
import { EventEmitter } from 'node:events'
import { ConnectError, createClient } from '@connectrpc/connect'
import { createGrpcTransport } from '@connectrpc/connect-node'
import { CAPABILITIES, net, netCapabilities, teardownSessionId } from '@prism/protocol'
import { SegmentTranscoders } from '../media/ffmpeg/SegmentTranscoders.ts'
import { TranscoderRegistrationRefusedError } from './errors.ts'
import { ResultPoster } from './ResultPoster.ts'
import { runTask, type TaskDeps } from './runTask.ts'

/**
 * What a Prism transcoder can do: H.264 in and out, MPEG-TS outputs, fractional frame rates,
 * segments with auth tokens.
 */
export const PRISM_TRANSCODER_CAPABILITIES: readonly number[] = Object.freeze([
  CAPABILITIES.H264,
  CAPABILITIES.MPEGTS,
  CAPABILITIES.FractionalFramerates,
  CAPABILITIES.AuthToken,
])

/** Texts after which go-livepeer's transcoders stop instead of registering again. */
const FATAL = new Set(['invalid secret', 'zero capacity'])

/** Options of {@link TranscoderWorker}. */
export type TranscoderWorkerOptions = {
  /** Orchestrator address: `host:port` (TLS), or `https://host:port`, or `http://host:port` (plaintext). */
  orchAddr: string
  /** Shared secret (`-orchSecret`). */
  secret: string
  /** Sessions accepted at once. Default: 1. */
  capacity?: number
  /** First reconnect delay; doubles up to `maxBackoffMs`. Default: 1000 ms. */
  initialBackoffMs?: number
  /** Longest reconnect delay. Default: 60000 ms. */
  maxBackoffMs?: number
  /** Replaces parts of the task pipeline (tests). */
  task?: Omit<TaskDeps, 'capabilities'>
}

/** Events of {@link TranscoderWorker}. */
export type TranscoderWorkerEvents = {
  /** A registration was sent (the stream is open until the orchestrator or the network ends it). */
  registering: [origin: string]
  /** A task's result was posted (`ok` false: an error result). */
  taskDone: [taskId: bigint, ok: boolean]
  /** A teardown item ended a session. */
  sessionEnded: [sessionId: string]
  /** The stream ended; the worker registers again after `delayMs`. */
  disconnected: [err: Error | undefined, delayMs: number]
  /** The orchestrator refused for good; the worker stopped. */
  fatal: [TranscoderRegistrationRefusedError]
  /** A non-fatal failure (a result that could not be posted). */
  error: [Error]
}

/**
 * A remote transcoder worker.
 *
 * @example
 * const w = new TranscoderWorker({ orchAddr: '127.0.0.1:8935', secret: 's3cret', capacity: 2 })
 * w.on('fatal', (e) => process.exit(1))
 * w.start()
 */
export class TranscoderWorker extends EventEmitter<TranscoderWorkerEvents> {
  /** Origin of the orchestrator (`https://host:port` unless told `http://`). */
  readonly origin: string
  private readonly capabilities: net.Capabilities
  private readonly poster: ResultPoster
  /** Segment transcoding: a long-lived ffmpeg per session, else one per segment started ahead. */
  private readonly transcoders = new SegmentTranscoders()
  private abort: AbortController | undefined
  private timer: NodeJS.Timeout | undefined
  private backoffMs: number
  private closed = false

  constructor(private readonly opts: TranscoderWorkerOptions) {
    super()
    this.origin = /^https?:\/\//.test(opts.orchAddr)
      ? new URL(opts.orchAddr).origin
      : new URL(`https://${opts.orchAddr}`).origin
    this.capabilities = netCapabilities({
      capabilities: PRISM_TRANSCODER_CAPABILITIES,
      capacities: Object.fromEntries(PRISM_TRANSCODER_CAPABILITIES.map((c) => [c, 1])),
    })
    this.poster = new ResultPoster(this.origin, opts.secret)
    this.backoffMs = opts.initialBackoffMs ?? 1000
  }

  /** Registers (and keeps registering after non-fatal losses). */
  start(): void {
    if (this.closed || this.abort) return
    void this.session()
  }

  /** Stops: closes the stream and the result connection, no more reconnects. Idempotent. */
  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.abort?.abort()
    this.poster.close()
    this.transcoders.close()
  }

  private async session(): Promise<void> {
    const abort = new AbortController()
    this.abort = abort
    const transport = createGrpcTransport({
      baseUrl: this.origin,
      nodeOptions: { rejectUnauthorized: false },
    })
    const client = createClient(net.Transcoder, transport)
    const started = Date.now()
    let failure: Error | undefined
    try {
      this.emit('registering', this.origin)
      const stream = client.registerTranscoder(
        {
          secret: this.opts.secret,
          capacity: BigInt(this.opts.capacity ?? 1),
          capabilities: this.capabilities,
        },
        { signal: abort.signal },
      )
      for await (const notify of stream) {
        this.backoffMs = this.opts.initialBackoffMs ?? 1000
        this.handle(notify)
      }
    } catch (err) {
      const text = err instanceof ConnectError ? err.rawMessage : (err as Error).message
      if (FATAL.has(text)) {
        this.closed = true
        this.abort = undefined
        this.poster.close()
        this.transcoders.close()
        this.emit('fatal', new TranscoderRegistrationRefusedError(text))
        return
      }
      failure = err as Error
    }
    this.abort = undefined
    if (this.closed) return
    // A stream that stayed up a while starts the backoff over.
    if (Date.now() - started > 10_000) this.backoffMs = this.opts.initialBackoffMs ?? 1000
    const delay = this.backoffMs
    this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs ?? 60_000)
    this.emit('disconnected', failure, delay)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.start()
    }, delay)
  }

  private handle(notify: net.NotifySegment): void {
    const ended = teardownSessionId(notify)
    if (ended !== null) {
      this.transcoders.endSession(ended)
      this.emit('sessionEnded', ended)
      return
    }
    void (async () => {
      const result = await runTask(notify, {
        transcode: (input, specs) =>
          this.transcoders.transcode(input, specs, { session: taskSession(notify) }),
        ...this.opts.task,
        capabilities: this.capabilities,
      })
      if (this.closed) return
      try {
        await this.poster.post(result)
        this.emit('taskDone', result.taskId, !('error' in result))
      } catch (err) {
        this.emit('error', err as Error)
      }
    })()
  }
}

/** The session a work item belongs to: its auth token's session id, else its manifest id. */
function taskSession(notify: net.NotifySegment): string | undefined {
  const seg = notify.segData
  if (!seg) return undefined
  return (
    seg.authToken?.sessionId ||
    (seg.manifestId.length ? Buffer.from(seg.manifestId).toString('hex') : undefined)
  )
}
