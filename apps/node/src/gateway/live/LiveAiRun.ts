/**
 * One live AI job on one orchestrator, after `POST /live-video-to-video`: input segments are
 * published on the input channel with pre-connected trickle requests, the output channel is read
 * from the live edge, control messages (parameter updates, verbatim, and `{"keep":"alive"}` every
 * 10 s) go to the control channel, events are read and reported. The run ends (`ended`, once) when
 * a channel is closed or unknown, or when `close()` is called; the caller then swaps orchestrators.
 * When the orchestrator ends the job because the balance ran out (an `insufficient balance, …`
 * error event, then its channels closed), `ended` carries a {@link GatewayLiveBalanceError}: the
 * run waits up to {@link LIVE_EVENTS_GRACE_MS} for the events channel to end so that the error is
 * not lost when the output channel's end is seen first.
 */
import { EventEmitter } from 'node:events'
import { isBaseError } from '@prism/protocol'
import { GatewayLiveBalanceError } from './errors.ts'
import type { LiveChannels } from './startLiveVideoToVideo.ts'
import { TricklePublisher } from './trickle/TricklePublisher.ts'
import { TrickleSubscriber } from './trickle/TrickleSubscriber.ts'
import { readBody } from './trickle/trickleHttp.ts'

/** Interval of the control channel's keepalive, ms (go-livepeer's). */
export const LIVE_KEEPALIVE_MS = 10_000
/** The keepalive message. */
export const LIVE_KEEPALIVE = '{"keep":"alive"}'
/** How long a run that lost its channels waits for the events channel's last messages, ms. */
export const LIVE_EVENTS_GRACE_MS = 2000

/** The orchestrator's error text when the stream's balance cannot cover a charge (go-livepeer's). */
const BALANCE_ERROR = /^insufficient balance\b/i

/** Events of {@link LiveAiRun}. */
export type LiveAiRunEvents = {
  /** An output segment (MPEG-TS) arrived. */
  output: [{ seq: number; data: Buffer }]
  /** An events-channel message (one JSON document, or its text when it is not JSON). */
  event: [unknown]
  /**
   * The run is over: why (a trickle error code or `closed`), and the orchestrator's fatal error
   * when it ended the job for want of payment (the stream must not go on elsewhere).
   */
  ended: [reason: string, fatal: GatewayLiveBalanceError | undefined]
}

/** Options of {@link LiveAiRun}. */
export type LiveAiRunOptions = {
  uri: string
  channels: LiveChannels
  /** Keepalive interval, ms. Default: {@link LIVE_KEEPALIVE_MS}. */
  keepaliveMs?: number
}

/**
 * A started live AI job.
 * @example
 * const run = new LiveAiRun({ uri, channels: await startLiveVideoToVideo(req) })
 * run.on('output', (s) => hls.addSegment(...)); await run.publish(segment)
 */
export class LiveAiRun extends EventEmitter<LiveAiRunEvents> {
  readonly uri: string
  readonly channels: LiveChannels
  private readonly input: TricklePublisher
  private readonly control: TricklePublisher
  private readonly output: TrickleSubscriber
  private readonly events: TrickleSubscriber
  private readonly keepalive: NodeJS.Timeout
  private over = false
  private stopping = false
  private fatal: GatewayLiveBalanceError | undefined
  private readonly eventsDone: Promise<void>

  constructor(opts: LiveAiRunOptions) {
    super()
    this.uri = opts.uri
    this.channels = opts.channels
    this.input = new TricklePublisher({ url: opts.channels.publishUrl })
    this.control = new TricklePublisher({ url: opts.channels.controlUrl })
    this.output = new TrickleSubscriber({ url: opts.channels.subscribeUrl })
    this.events = new TrickleSubscriber({ url: opts.channels.eventsUrl })
    this.keepalive = setInterval(
      () => void this.sendControl(LIVE_KEEPALIVE),
      opts.keepaliveMs ?? LIVE_KEEPALIVE_MS,
    )
    this.keepalive.unref()
    void this.readOutput()
    this.eventsDone = this.readEvents()
  }

  /** True once the run has ended. */
  get ended(): boolean {
    return this.over
  }

  /** Publishes one input segment (MPEG-TS starting at a keyframe). A closed channel ends the run. */
  async publish(segment: Uint8Array): Promise<void> {
    if (this.over) return
    try {
      await this.input.write(segment)
    } catch (err) {
      this.fail(err)
    }
  }

  /** Writes a control message (the parameter update's JSON, verbatim) as one trickle segment. */
  async sendControl(json: string): Promise<void> {
    if (this.over) return
    try {
      await this.control.write(new TextEncoder().encode(json))
    } catch (err) {
      this.fail(err)
    }
  }

  /** Ends the run: the input and control channels are deleted, the readers stop. Idempotent. */
  async close(): Promise<void> {
    this.stopping = true
    this.end('closed')
    await Promise.all([this.input.close(), this.control.close()])
  }

  private async readOutput(): Promise<void> {
    try {
      for (let seg = await this.output.next(); seg && !this.over; seg = await this.output.next()) {
        const data = await readBody(seg.body)
        if (data.length > 0) this.emit('output', { seq: seg.seq, data })
      }
      this.stop('output closed')
    } catch (err) {
      this.fail(err)
    }
  }

  private async readEvents(): Promise<void> {
    try {
      for (let seg = await this.events.next(); seg && !this.over; seg = await this.events.next()) {
        const text = (await readBody(seg.body)).toString('utf8')
        if (!text) continue
        let doc: unknown = text
        try {
          doc = JSON.parse(text)
        } catch {}
        const e = doc as { type?: unknown; message?: unknown } | null
        if (e?.type === 'error' && typeof e.message === 'string' && BALANCE_ERROR.test(e.message))
          this.fatal ??= new GatewayLiveBalanceError(this.uri, e.message)
        this.emit('event', doc)
      }
    } catch {
      // events stop on EOS or not-found, as go-livepeer's gateway does
    }
  }

  private fail(err: unknown): void {
    this.stop(isBaseError(err) ? `${err.code}: ${err.details}` : String(err))
  }

  /** A channel ended: the run ends once the events channel has ended too (or after the grace). */
  private stop(reason: string): void {
    if (this.over || this.stopping) return
    this.stopping = true
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((r) => {
      timer = setTimeout(r, LIVE_EVENTS_GRACE_MS)
    })
    void Promise.race([this.eventsDone, grace]).then(() => {
      clearTimeout(timer)
      this.end(reason)
    })
  }

  private end(reason: string): void {
    if (this.over) return
    this.over = true
    clearInterval(this.keepalive)
    this.output.close()
    this.events.close()
    this.emit('ended', this.fatal ? this.fatal.text : reason, this.fatal)
  }
}
