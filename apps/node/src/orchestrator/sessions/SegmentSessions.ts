/**
 * The orchestrator's transcoding sessions of `POST /segment`, keyed by the auth token's session id
 * as go-livepeer keys them:
 * - at most {@link CONCURRENT_SEGMENT_TRANSCODES} transcodes at once per session (a gateway that sends the
 *   next segment while one transcodes gets both done side by side), at most
 *   {@link SEGMENT_QUEUE_DEPTH} more waiting, started in arrival order; a segment beyond that is
 *   refused with `OrchestratorBusy`;
 * - the renditions, kept in memory under `<profile>/<seq><ext>` (the last
 *   {@link RENDITIONS_KEPT} per profile), served by `GET /stream/<session>/<profile>/<seq><ext>`;
 * - a session without a segment for {@link SEGMENT_SESSION_IDLE_MS} ends (its renditions are
 *   dropped and `ended` is emitted, so that remote transcoders get their teardown), as does one
 *   ended by `EndTranscodingSession`.
 */
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { CONCURRENT_SEGMENT_TRANSCODES } from '../../media/ffmpeg/transcodeSegment.ts'
import { SegmentSessionBusyError } from '../http/errors.ts'

/** Segments that may wait behind the running ones in a session. */
export const SEGMENT_QUEUE_DEPTH = 4
/** A session with no segment for this long ends (70 s). */
export const SEGMENT_SESSION_IDLE_MS = 70_000
/** Renditions kept per `<session>/<profile>/` directory. */
export const RENDITIONS_KEPT = 12

/** Options of {@link SegmentSessions}. */
export type SegmentSessionsOptions = {
  /** Segments of a session transcoded at once. Default: {@link CONCURRENT_SEGMENT_TRANSCODES}. */
  concurrency?: number
  /** Segments waiting behind the running ones. Default: {@link SEGMENT_QUEUE_DEPTH}. */
  queueDepth?: number
  /** Idle time before a session ends, ms. Default: {@link SEGMENT_SESSION_IDLE_MS}. */
  idleMs?: number
  /** Renditions kept per profile directory. Default: {@link RENDITIONS_KEPT}. */
  keep?: number
}

/** Why a session ended. */
export type SegmentSessionEndReason = 'idle' | 'ended' | 'closed'

/** Events of {@link SegmentSessions}. */
export type SegmentSessionsEvents = {
  /** A session ended: idle, `end()` (EndTranscodingSession) or `close()`. */
  ended: [sessionId: string, reason: SegmentSessionEndReason]
}

type Entry = {
  /** Slots taken: jobs running now, or about to. */
  running: number
  /** Starts of the jobs waiting for a free slot, oldest first. */
  waiting: Array<() => void>
  /** Jobs not finished (the running ones and those waiting behind them). */
  pending: number
  idle: NodeJS.Timeout | undefined
  /** profile directory → file name → bytes (insertion order = age). */
  files: Map<string, Map<string, Uint8Array>>
}

/**
 * The sessions of one orchestrator.
 *
 * @example
 * const sessions = new SegmentSessions()
 * const renditions = await sessions.run('5f3a9c1e', () => transcode(bytes, profiles))
 * sessions.store('5f3a9c1e', 'P240p30fps16x9', '7.ts', renditions[0].data)
 * sessions.file('5f3a9c1e', 'P240p30fps16x9', '7.ts') // the bytes
 */
export class SegmentSessions extends EnhancedEventEmitter<SegmentSessionsEvents> {
  readonly #sessions = new Map<string, Entry>()
  readonly #concurrency: number
  readonly #depth: number
  readonly #idleMs: number
  readonly #keep: number
  #closed = false

  constructor(options: SegmentSessionsOptions = {}) {
    super()
    this.#concurrency = Math.max(1, options.concurrency ?? CONCURRENT_SEGMENT_TRANSCODES)
    this.#depth = options.queueDepth ?? SEGMENT_QUEUE_DEPTH
    this.#idleMs = options.idleMs ?? SEGMENT_SESSION_IDLE_MS
    this.#keep = options.keep ?? RENDITIONS_KEPT
  }

  /** Sessions active now (counted against `-maxSessions`). */
  get size(): number {
    return this.#sessions.size
  }

  /** True when `sessionId` is active. */
  has(sessionId: string): boolean {
    return this.#sessions.has(sessionId)
  }

  /**
   * Runs `job` in the session's queue: at once when fewer than `concurrency` of its jobs run, else
   * when one of them ends (in arrival order); starts the session if needed and resets its idle
   * timer.
   *
   * @throws SegmentSessionBusyError (`SEGMENT_SESSION_BUSY`, `OrchestratorBusy`) when
   * `queueDepth` jobs already wait.
   */
  run<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    const e = this.#entry(sessionId)
    if (e.pending >= this.#concurrency + this.#depth)
      return Promise.reject(new SegmentSessionBusyError(sessionId))
    e.pending++
    // a free slot is taken now; otherwise a finishing job hands its slot over (arrival order)
    let slot = Promise.resolve()
    if (e.running < this.#concurrency) e.running++
    else slot = new Promise<void>((resolve) => e.waiting.push(resolve))
    return slot.then(async () => {
      try {
        return await job()
      } finally {
        e.pending--
        const next = e.waiting.shift()
        if (next) next()
        else e.running--
        this.#touch(sessionId, e)
      }
    })
  }

  /**
   * Keeps a rendition (`file` = `<seq><ext>`, or `<seq><ext>.phash`) under `<profile>/`; the
   * oldest file of the directory goes once it holds more than `keep`.
   */
  store(sessionId: string, profile: string, file: string, data: Uint8Array): void {
    const e = this.#entry(sessionId)
    let dir = e.files.get(profile)
    if (!dir) {
      dir = new Map()
      e.files.set(profile, dir)
    }
    dir.delete(file)
    dir.set(file, data)
    while (dir.size > this.#keep) dir.delete(dir.keys().next().value as string)
  }

  /** A stored rendition, or undefined. */
  file(sessionId: string, profile: string, file: string): Uint8Array | undefined {
    return this.#sessions.get(sessionId)?.files.get(profile)?.get(file)
  }

  /** Ends a session (EndTranscodingSession): its renditions go; jobs already queued still run. */
  end(sessionId: string): void {
    this.#drop(sessionId, 'ended')
  }

  /** Ends every session. Idempotent. */
  close(): void {
    this.#closed = true
    for (const id of [...this.#sessions.keys()]) this.#drop(id, 'closed')
  }

  #entry(sessionId: string): Entry {
    let e = this.#sessions.get(sessionId)
    if (!e) {
      e = { running: 0, waiting: [], pending: 0, idle: undefined, files: new Map() }
      this.#sessions.set(sessionId, e)
      this.#touch(sessionId, e)
    }
    return e
  }

  #touch(sessionId: string, e: Entry): void {
    if (this.#sessions.get(sessionId) !== e) return
    clearTimeout(e.idle)
    if (this.#closed) return
    e.idle = setTimeout(() => {
      if (e.pending > 0) return this.#touch(sessionId, e)
      this.#drop(sessionId, 'idle')
    }, this.#idleMs)
    e.idle.unref?.()
  }

  #drop(sessionId: string, reason: SegmentSessionEndReason): void {
    const e = this.#sessions.get(sessionId)
    if (!e) return
    clearTimeout(e.idle)
    this.#sessions.delete(sessionId)
    this.safeEmit('ended', sessionId, reason)
  }
}
