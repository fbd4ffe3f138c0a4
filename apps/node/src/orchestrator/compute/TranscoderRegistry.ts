/**
 * The orchestrator's side of attached transcoders: keeps the connected transcoders, dispatches each
 * segment job to the one with the most free capacity, moves the jobs of a transcoder that
 * disconnects to another transcoder (or local work), and reports them for /info and /metrics.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { TranscoderJobMessage, TranscoderResultMessage } from '@prism/protocol'
import type { SegmentRendition } from '../../media/ffmpeg/transcodeSegment.ts'
import type { VideoProfile } from '../../media/profiles.ts'
import { TranscoderAuthInvalidError, TranscoderJobUnknownError } from './errors.ts'
import type {
  AttachedTranscoderInfo,
  TranscoderRegistryEvents,
  TranscoderRegistryOptions,
} from './TranscoderRegistryTypes.ts'

/** A connection able to carry job lines to one transcoder. */
export type TranscoderConnection = {
  address: string
  capacity: number
  /** Writes one job; false when the connection is gone. */
  send(job: TranscoderJobMessage): boolean
  /** Closes the connection (registry close). */
  close(): void
}

type Attached = AttachedTranscoderInfo & { conn: TranscoderConnection; jobs: Set<string> }
type Job = {
  msg: TranscoderJobMessage
  attempts: number
  transcoderId: string | undefined
  timer: NodeJS.Timeout | undefined
  resolve: (r: SegmentRendition[]) => void
  reject: (e: Error) => void
}

/**
 * Registry of attached transcoders.
 *
 * @example
 * const reg = new TranscoderRegistry({ secret: 's3cret', local: (d, p) => transcodeSegment(d, specs(p)) })
 * const renditions = await reg.transcode(bytes, profiles, { manifestId: 'm', seq: 0 })
 */
export class TranscoderRegistry extends EventEmitter<TranscoderRegistryEvents> {
  private readonly transcoders = new Map<string, Attached>()
  private readonly jobs = new Map<string, Job>()
  private readonly secret: Buffer
  private readonly opts: TranscoderRegistryOptions
  private closed = false

  constructor(opts: TranscoderRegistryOptions) {
    super()
    this.opts = opts
    this.secret = Buffer.from(opts.secret)
  }

  /**
   * Checks a presented secret.
   *
   * @throws TranscoderAuthInvalidError (`TRANSCODER_AUTH_INVALID`) when missing or wrong.
   */
  checkSecret(presented: string | undefined): void {
    const p = Buffer.from(presented ?? '')
    if (this.secret.length === 0 || p.length !== this.secret.length || !timingSafeEqual(p, this.secret))
      throw new TranscoderAuthInvalidError()
  }

  /** Adds a connected transcoder and returns its id. */
  handleAttach(conn: TranscoderConnection): string {
    const id = randomBytes(4).toString('hex')
    const t: Attached = {
      id,
      address: conn.address,
      capacity: Math.max(1, conn.capacity),
      load: 0,
      completed: 0,
      conn,
      jobs: new Set(),
    }
    this.transcoders.set(id, t)
    this.emit('attach', this.info(t))
    this.pump()
    return id
  }

  /** Removes a transcoder whose connection closed; its jobs in flight go elsewhere. */
  handleDetach(id: string): void {
    const t = this.transcoders.get(id)
    if (!t) return
    this.transcoders.delete(id)
    this.emit('detach', this.info(t))
    for (const jobId of t.jobs) {
      const job = this.jobs.get(jobId)
      if (!job) continue
      this.emit('jobRequeued', jobId)
      this.retry(job, new Error(`transcoder ${id} disconnected`))
    }
  }

  /**
   * Completes a job with a transcoder's answer.
   *
   * @throws TranscoderJobUnknownError (`TRANSCODER_JOB_UNKNOWN`) for an unknown or finished job.
   */
  handleResult(jobId: string, result: TranscoderResultMessage): void {
    const job = this.jobs.get(jobId)
    if (!job) throw new TranscoderJobUnknownError(jobId)
    const t = job.transcoderId ? this.transcoders.get(job.transcoderId) : undefined
    if (t) {
      t.jobs.delete(jobId)
      t.load = t.jobs.size
    }
    if ('error' in result) {
      this.retry(job, new Error(result.error))
      return
    }
    if (t) t.completed++
    this.finish(job)
    job.resolve(
      result.renditions.map((r) => ({
        profile: r.profile,
        width: r.width,
        height: r.height,
        frames: r.frames,
        pixels: r.pixels,
        data: Buffer.from(r.data, 'base64'),
      })),
    )
    this.pump()
  }

  /**
   * Transcodes one segment on an attached transcoder, or locally when none has room.
   *
   * @throws Error after `maxAttempts` failed attempts.
   */
  transcode(
    data: Uint8Array,
    profiles: readonly VideoProfile[],
    ctx: { manifestId: string; seq: number },
  ): Promise<SegmentRendition[]> {
    const msg: TranscoderJobMessage = {
      type: 'job',
      id: randomBytes(6).toString('hex'),
      manifestId: ctx.manifestId,
      seq: ctx.seq,
      profiles: profiles.map((p) => p.name),
      data: Buffer.from(data).toString('base64'),
    }
    return new Promise((resolve, reject) => {
      const job: Job = { msg, attempts: 0, transcoderId: undefined, timer: undefined, resolve, reject }
      this.jobs.set(msg.id, job)
      this.dispatch(job)
    })
  }

  /** Attached transcoders, for /info and /metrics. */
  list(): AttachedTranscoderInfo[] {
    return [...this.transcoders.values()].map((t) => this.info(t))
  }

  /** Closes every transcoder connection and fails queued jobs. Idempotent. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const t of this.transcoders.values()) t.conn.close()
    this.transcoders.clear()
    for (const job of this.jobs.values()) {
      this.finish(job)
      job.reject(new Error('transcoder registry closed'))
    }
  }

  private info(t: Attached): AttachedTranscoderInfo {
    return { id: t.id, address: t.address, capacity: t.capacity, load: t.jobs.size, completed: t.completed }
  }

  private finish(job: Job): void {
    if (job.timer) clearTimeout(job.timer)
    this.jobs.delete(job.msg.id)
  }

  private pickTranscoder(): Attached | undefined {
    let best: Attached | undefined
    for (const t of this.transcoders.values()) {
      const free = t.capacity - t.jobs.size
      if (free <= 0) continue
      const bestFree = best ? best.capacity - best.jobs.size : -1
      // Most free capacity first; on a tie the one that did least work (spreads jobs round robin).
      if (!best || free > bestFree || (free === bestFree && t.completed < best.completed)) best = t
    }
    return best
  }

  private dispatch(job: Job): void {
    if (this.closed) return
    job.attempts++
    job.transcoderId = undefined
    const t = this.pickTranscoder()
    if (t) {
      job.transcoderId = t.id
      t.jobs.add(job.msg.id)
      t.load = t.jobs.size
      if (job.timer) clearTimeout(job.timer)
      job.timer = setTimeout(
        () => this.retry(job, new Error(`transcoder ${t.id} timed out`)),
        this.opts.jobTimeoutMs ?? 60_000,
      )
      if (!t.conn.send(job.msg)) this.handleDetach(t.id)
      return
    }
    if (this.opts.local) {
      const local = this.opts.local
      local(Buffer.from(job.msg.data, 'base64'), job.msg.profiles).then(
        (r) => {
          this.finish(job)
          job.resolve(r)
        },
        (err: Error) => this.retry(job, err),
      )
    }
    // else: stays queued until a transcoder attaches (pump()).
  }

  private retry(job: Job, err: Error): void {
    if (!this.jobs.has(job.msg.id)) return
    const t = job.transcoderId ? this.transcoders.get(job.transcoderId) : undefined
    if (t) {
      t.jobs.delete(job.msg.id)
      t.load = t.jobs.size
    }
    if (job.attempts >= (this.opts.maxAttempts ?? 3)) {
      this.finish(job)
      job.reject(err)
      return
    }
    this.dispatch(job)
  }

  private pump(): void {
    for (const job of this.jobs.values()) {
      if (job.transcoderId === undefined && job.timer === undefined && !this.opts.local) {
        const t = this.pickTranscoder()
        if (!t) return
        job.attempts--
        this.dispatch(job)
      }
    }
  }
}
