/**
 * One live AI job on one orchestrator, after `POST /live-video-to-video`: input segments are
 * published on the input channel with pre-connected trickle requests, the output channel is read
 * from the live edge, control messages (parameter updates, verbatim, and `{"keep":"alive"}` every
 * 10 s) go to the control channel, events are read and reported. The run ends (`ended`, once) when
 * a channel is closed or unknown, or when `close()` is called; the caller then swaps orchestrators.
 */
import { EventEmitter } from 'node:events'
import { isBaseError } from '@prism/protocol'
import type { LiveChannels } from './startLiveVideoToVideo.ts'
import { TricklePublisher } from './trickle/TricklePublisher.ts'
import { TrickleSubscriber } from './trickle/TrickleSubscriber.ts'
import { readBody } from './trickle/trickleHttp.ts'

/** Interval of the control channel's keepalive, ms (go-livepeer's). */
export const LIVE_KEEPALIVE_MS = 10_000
/** The keepalive message. */
export const LIVE_KEEPALIVE = '{"keep":"alive"}'

/** Events of {@link LiveAiRun}. */
export type LiveAiRunEvents = {
  /** An output segment (MPEG-TS) arrived. */
  output: [{ seq: number; data: Buffer }]
  /** An events-channel message (one JSON document, or its text when it is not JSON). */
  event: [unknown]
  /** The run is over: why (a trickle error code or `closed`). */
  ended: [reason: string]
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
    void this.readEvents()
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
    this.end('closed')
    await Promise.all([this.input.close(), this.control.close()])
  }

  private async readOutput(): Promise<void> {
    try {
      for (let seg = await this.output.next(); seg && !this.over; seg = await this.output.next()) {
        const data = await readBody(seg.body)
        if (data.length > 0) this.emit('output', { seq: seg.seq, data })
      }
      this.end('output closed')
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
        this.emit('event', doc)
      }
    } catch {
      // events stop on EOS or not-found, as go-livepeer's gateway does
    }
  }

  private fail(err: unknown): void {
    this.end(isBaseError(err) ? `${err.code}: ${err.details}` : String(err))
  }

  private end(reason: string): void {
    if (this.over) return
    this.over = true
    clearInterval(this.keepalive)
    this.output.close()
    this.events.close()
    this.emit('ended', reason)
  }
}
