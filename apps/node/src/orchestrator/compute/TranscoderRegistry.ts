/**
 * The orchestrator's side of remote transcoders (go-livepeer's protocol, docs/transcoder.md):
 * keeps the transcoders attached by `RegisterTranscoder`, sends each segment as a `NotifySegment`
 * to the transcoder its session sticks to (a new session goes to the compatible transcoder with
 * the lowest load/capacity), holds the input for download, completes the segment with the result
 * posted on `/transcodeResults`, and moves the segments of a transcoder that drops to another one
 * or to local ffmpeg. Reports the transcoders for /info and /metrics.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { BaseError } from '@prism/protocol'
import {
  capabilitiesCompatibleWith,
  capacitiesOf,
  DEFAULT_CAPABILITIES,
  type net,
  netCapabilities,
  OFFCHAIN_ORCH_ID,
  segmentDurationMs,
  TranscoderCapacityZeroError,
  TranscoderSecretInvalidError,
  toNetVideoProfiles,
  transcodeJobCapabilities,
} from '@prism/protocol'
import {
  TranscoderCapabilitiesUnavailableError,
  TranscoderNoneAvailableError,
  TranscoderRegistryClosedError,
  TranscoderRemoteError,
  TranscoderTimeoutError,
} from './errors.ts'
import { TranscoderInputs } from './TranscoderRegistryInputs.ts'
import { teardownItem, workItem } from './TranscoderRegistryNotify.ts'
import type {
  AttachedTranscoderInfo,
  RemoteTaskResult,
  RemoteTranscoderConnection,
  TranscodeContext,
  TranscodedRendition,
  TranscoderRegistryEvents,
  TranscoderRegistryOptions,
} from './TranscoderRegistryTypes.ts'

type Profiles = Parameters<NonNullable<TranscoderRegistryOptions['local']>>[1]

type Attached = {
  id: string
  conn: RemoteTranscoderConnection
  sessions: Set<string>
  tasks: Set<bigint>
  completed: number
}

type Task = {
  id: bigint
  sessionId: string
  data: Uint8Array
  profiles: Profiles
  netProfiles: net.VideoProfile[]
  caps: net.Capabilities
  ctx: TranscodeContext
  input: string
  /** How long the remote transcoder has: max(floor, 4 × duration). */
  waitMs: number
  attempts: number
  transcoderId: string | undefined
  timer: NodeJS.Timeout | undefined
  resolve: (r: TranscodedRendition[]) => void
  reject: (e: Error) => void
}

/**
 * Registry of remote transcoders.
 *
 * @example
 * const reg = new TranscoderRegistry({ secret: 's3cret', local: (d, p) => transcodeSegment(d, p) })
 * const renditions = await reg.transcode(bytes, profiles, { manifestId: 'm', seq: 0, sessionId: 'a1b2c3d4' })
 */
export class TranscoderRegistry extends EventEmitter<TranscoderRegistryEvents> {
  private readonly transcoders = new Map<string, Attached>()
  private readonly tasks = new Map<bigint, Task>()
  /** session → transcoder id */
  private readonly sessions = new Map<string, string>()
  private readonly idle = new Map<string, NodeJS.Timeout>()
  private readonly inputs: TranscoderInputs
  private readonly secret: Buffer
  private readonly opts: TranscoderRegistryOptions
  private nextTaskId = 0n
  private closed = false

  constructor(opts: TranscoderRegistryOptions) {
    super()
    this.opts = opts
    this.secret = Buffer.from(opts.secret)
    this.inputs = new TranscoderInputs(opts.maxInputs ?? 64)
  }

  /** NotifySegment.orchId of this node. */
  get orchId(): string {
    return this.opts.orchId ?? OFFCHAIN_ORCH_ID
  }

  /**
   * Checks a presented secret (constant time).
   * @throws TranscoderSecretInvalidError (`WIRE_TRANSCODER_SECRET_INVALID`, `invalid secret`).
   */
  checkSecret(presented: string | undefined): void {
    const p = Buffer.from(presented ?? '')
    if (this.secret.length === 0 || p.length !== this.secret.length || !timingSafeEqual(p, this.secret))
      throw new TranscoderSecretInvalidError()
  }

  /**
   * Checks a RegisterRequest as go-livepeer does (secret, then capacity) and returns the
   * transcoder's capabilities: the ones it sent, or the default set with capacity 1 each.
   * @throws `WIRE_TRANSCODER_SECRET_INVALID` (`invalid secret`), `WIRE_TRANSCODER_CAPACITY_ZERO` (`zero capacity`).
   */
  accept(req: Pick<net.RegisterRequest, 'secret' | 'capacity' | 'capabilities'>): net.Capabilities {
    this.checkSecret(req.secret)
    if (req.capacity <= 0n) throw new TranscoderCapacityZeroError()
    return req.capabilities ?? defaultTranscoderCapabilities()
  }

  /** Adds an accepted transcoder's stream and returns its id. */
  handleAttach(conn: RemoteTranscoderConnection): string {
    const id = randomBytes(4).toString('hex')
    const t: Attached = { id, conn, sessions: new Set(), tasks: new Set(), completed: 0 }
    if (this.closed) {
      conn.close()
      return id
    }
    this.transcoders.set(id, t)
    this.emit('attach', this.info(t))
    return id
  }

  /** Removes a transcoder whose stream ended; its segments in flight go to another one or local. */
  handleDetach(id: string): void {
    const t = this.transcoders.get(id)
    if (!t) return
    this.transcoders.delete(id)
    for (const s of t.sessions) if (this.sessions.get(s) === id) this.sessions.delete(s)
    this.emit('detach', this.info(t))
    for (const taskId of t.tasks) {
      const task = this.tasks.get(taskId)
      if (!task) continue
      this.emit('taskRequeued', taskId)
      this.retry(task, new TranscoderNoneAvailableError())
    }
  }

  /**
   * Completes a task with the result a transcoder posted. Unknown or finished tasks are ignored
   * (as go-livepeer: the answer is still `200 OK`).
   * @returns false when the task was unknown.
   */
  handleResult(taskId: bigint, result: RemoteTaskResult): boolean {
    const task = this.tasks.get(taskId)
    if (!task) return false
    const t = task.transcoderId ? this.transcoders.get(task.transcoderId) : undefined
    t?.tasks.delete(taskId)
    if ('error' in result) {
      // As go-livepeer: a task error releases the session's transcoder; the error goes back.
      if (t) this.release(t, task.sessionId)
      this.fail(task, new TranscoderRemoteError(result.error))
      return true
    }
    if (result.renditions.length !== task.netProfiles.length) {
      if (t) this.release(t, task.sessionId)
      this.fail(task, new TranscoderRemoteError('MismatchedSegments'))
      return true
    }
    if (t) t.completed++
    this.finish(task)
    task.resolve(
      result.renditions.map((r, i) => {
        const p = task.netProfiles[i]!
        const area = p.width * p.height
        return {
          profile: p.name,
          width: p.width,
          height: p.height,
          frames: area > 0 ? Math.round(r.pixels / area) : 0,
          pixels: r.pixels,
          data: r.data,
          ...(r.perceptualHash ? { perceptualHash: r.perceptualHash } : {}),
        }
      }),
    )
    return true
  }

  /** The input held for a running task (`GET /stream/<session>/<name>`). */
  input(sessionId: string, name: string): Uint8Array | undefined {
    return this.inputs.get(sessionId, name)
  }

  /**
   * Transcodes one segment: on the session's remote transcoder (or a newly picked one), else
   * locally when configured. Renditions come in profile order with their encoded pixels.
   *
   * @throws TRANSCODER_NONE_AVAILABLE (`no transcoders available`), TRANSCODER_CAPABILITIES_UNAVAILABLE
   * (`no transcoders can provide requested capabilities`) without local transcoding;
   * TRANSCODER_TIMEOUT (`Remote transcoder took too long`); TRANSCODER_REMOTE_FAILED (the
   * transcoder's error text); the local transcoder's error.
   */
  transcode(data: Uint8Array, profiles: Profiles, ctx: TranscodeContext): Promise<TranscodedRendition[]> {
    if (this.closed) return Promise.reject(new TranscoderRegistryClosedError())
    const sessionId = ctx.sessionId ?? ctx.manifestId
    let netProfiles: net.VideoProfile[]
    let waitMs: number
    try {
      netProfiles = toNetVideoProfiles(profiles)
      waitMs = Math.max(this.opts.minTimeoutMs ?? 8000, 4 * segmentDurationMs(ctx.durationMs ?? 0))
    } catch (err) {
      return Promise.reject(err)
    }
    this.touch(sessionId)
    const caps =
      ctx.capabilities ??
      netCapabilities({ capabilities: transcodeJobCapabilities({ profiles: netProfiles }) })
    const id = this.nextTaskId++
    return new Promise((resolve, reject) => {
      const task: Task = {
        id,
        sessionId,
        data,
        profiles,
        netProfiles,
        caps,
        ctx,
        input: this.inputs.put(sessionId, ctx.seq, data),
        waitMs,
        attempts: 0,
        transcoderId: undefined,
        timer: undefined,
        resolve,
        reject,
      }
      this.tasks.set(id, task)
      this.dispatch(task)
    })
  }

  /**
   * Ends a session: its transcoder gets the teardown NotifySegment and its load is released.
   * Called for `EndTranscodingSession` and when the session idles (`sessionIdleMs`).
   */
  endSession(sessionId: string): void {
    const timer = this.idle.get(sessionId)
    if (timer) clearTimeout(timer)
    this.idle.delete(sessionId)
    const id = this.sessions.get(sessionId)
    const t = id ? this.transcoders.get(id) : undefined
    if (t) {
      this.release(t, sessionId)
      t.conn.send(teardownItem(sessionId, this.orchId))
    }
    this.emit('sessionEnded', sessionId)
  }

  /** Attached transcoders, for /info and /metrics. */
  list(): AttachedTranscoderInfo[] {
    return [...this.transcoders.values()].map((t) => this.info(t))
  }

  /** Sessions the attached transcoders accept at once, summed (added to the node's capacity). */
  totalCapacity(): number {
    let n = 0
    for (const t of this.transcoders.values()) n += t.conn.capacity
    return n
  }

  /** Capacity per capability of the attached transcoders, summed (added to the node's advertised caps). */
  capacities(): Record<number, number> {
    const sum: Record<number, number> = {}
    for (const t of this.transcoders.values())
      for (const [cap, n] of Object.entries(capacitiesOf(t.conn.capabilities)))
        sum[Number(cap)] = (sum[Number(cap)] ?? 0) + n
    return sum
  }

  /** Ends every transcoder stream and fails waiting segments. Idempotent. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const t of this.transcoders.values()) t.conn.close()
    this.transcoders.clear()
    this.sessions.clear()
    for (const timer of this.idle.values()) clearTimeout(timer)
    this.idle.clear()
    for (const task of this.tasks.values()) this.fail(task, new TranscoderRegistryClosedError())
    this.inputs.clear()
    this.opts.onClose?.()
  }

  private info(t: Attached): AttachedTranscoderInfo {
    return {
      id: t.id,
      address: t.conn.address,
      capacity: t.conn.capacity,
      load: t.sessions.size,
      inFlight: t.tasks.size,
      completed: t.completed,
    }
  }

  private touch(sessionId: string): void {
    const old = this.idle.get(sessionId)
    if (old) clearTimeout(old)
    const timer = setTimeout(() => this.endSession(sessionId), this.opts.sessionIdleMs ?? 70_000)
    timer.unref()
    this.idle.set(sessionId, timer)
  }

  private release(t: Attached, sessionId: string): void {
    t.sessions.delete(sessionId)
    if (this.sessions.get(sessionId) === t.id) this.sessions.delete(sessionId)
  }

  /** The session's transcoder, or a newly assigned one, or why none can take it. */
  private pick(task: Task): Attached | BaseError {
    const current = this.sessions.get(task.sessionId)
    const stuck = current ? this.transcoders.get(current) : undefined
    if (stuck) return stuck
    let best: Attached | undefined
    for (const t of this.transcoders.values()) {
      if (!capabilitiesCompatibleWith(task.caps, t.conn.capabilities)) continue
      if (!best || ratio(t) < ratio(best) || (ratio(t) === ratio(best) && t.completed < best.completed))
        best = t
    }
    if (!best)
      return this.transcoders.size > 0
        ? new TranscoderCapabilitiesUnavailableError()
        : new TranscoderNoneAvailableError()
    if (best.sessions.size >= best.conn.capacity) return new TranscoderNoneAvailableError()
    best.sessions.add(task.sessionId)
    this.sessions.set(task.sessionId, best.id)
    return best
  }

  private dispatch(task: Task): void {
    if (this.closed) return
    task.attempts++
    task.transcoderId = undefined
    const t = this.pick(task)
    if (!(t instanceof Error)) {
      task.transcoderId = t.id
      t.tasks.add(task.id)
      const url = `${t.conn.baseUrl}/stream/${encodeURIComponent(task.sessionId)}/${task.input}`
      const notify = workItem({
        taskId: task.id,
        url,
        sessionId: task.sessionId,
        profiles: task.netProfiles,
        capabilities: task.caps,
        orchId: this.orchId,
        ctx: task.ctx,
      })
      task.timer = setTimeout(() => this.timeout(task, t), task.waitMs)
      if (!t.conn.send(notify)) this.handleDetach(t.id)
      return
    }
    const local = this.opts.local
    if (!local) {
      this.fail(task, t)
      return
    }
    local(task.data, task.profiles, task.sessionId).then(
      (r) => {
        if (!this.tasks.has(task.id)) return
        this.finish(task)
        task.resolve(r)
      },
      (err: Error) => this.fail(task, err),
    )
  }

  private timeout(task: Task, t: Attached): void {
    if (!this.tasks.has(task.id) || task.transcoderId !== t.id) return
    t.tasks.delete(task.id)
    // As go-livepeer: the transcoder is dropped for that session, and a timeout is not retried.
    this.release(t, task.sessionId)
    this.fail(task, new TranscoderTimeoutError(task.id))
  }

  private retry(task: Task, err: Error): void {
    if (!this.tasks.has(task.id)) return
    if (task.timer) clearTimeout(task.timer)
    task.timer = undefined
    if (task.attempts >= (this.opts.maxAttempts ?? 3)) this.fail(task, err)
    else this.dispatch(task)
  }

  private finish(task: Task): void {
    if (task.timer) clearTimeout(task.timer)
    this.tasks.delete(task.id)
    this.inputs.delete(task.sessionId, task.input)
  }

  private fail(task: Task, err: Error): void {
    if (!this.tasks.has(task.id)) return
    this.finish(task)
    task.reject(err)
  }
}

function ratio(t: Attached): number {
  return t.sessions.size / t.conn.capacity
}

/** What a transcoder that sends no capabilities is taken to have: the default set, capacity 1 each. */
function defaultTranscoderCapabilities(): net.Capabilities {
  return netCapabilities({
    capabilities: DEFAULT_CAPABILITIES,
    capacities: Object.fromEntries(DEFAULT_CAPABILITIES.map((c) => [c, 1])),
  })
}
