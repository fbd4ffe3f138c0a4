/**
 * The node's segment transcoding (orchestrator and attached transcoder): each session's
 * consecutive segments go through one long-lived ffmpeg ({@link ContinuousTranscoder}, the next
 * one for the same ladder started ahead) when they can, and any other segment through an ffmpeg
 * of its own, also started ahead ({@link transcodeSegment} with {@link WarmFfmpegJobs}). A segment that does not continue its session's run (a gap, a new
 * SPS, timestamps off the frame grid) starts a new run; a run that fails sends that segment, and
 * the session's later ones, to a process per segment. Nothing is lost either way: a segment's
 * renditions are whole or it fails as before.
 */
import { ContinuousTranscoder } from './ContinuousTranscoder.ts'
import { planSegment } from './segmentPlan.ts'
import {
  type SegmentRendition,
  type SegmentRenditionSpec,
  segmentRenditions,
  segmentTranscodeThreads,
  type TranscodeSegmentOptions,
  transcodeSegment,
} from './transcodeSegment.ts'
import { WarmFfmpegJobs } from './WarmFfmpegJobs.ts'
import { WarmPool } from './WarmPool.ts'

/** Sessions whose run failed that are remembered (a process per segment for them). */
const FAILED_SESSIONS_KEPT = 1024

/** Options of {@link SegmentTranscoders}. */
export type SegmentTranscodersOptions = {
  /** End a session's run after this many ms without a segment. Default: 30000. */
  idleMs?: number
  /** Runs kept at once; past this the least recently used one ends. Default: 16. */
  maxRuns?: number
  /** Threads of each encoder. Default: {@link segmentTranscodeThreads}. */
  threads?: number
  /** Fail a run's segment whose renditions are not out after this many ms. Default: 20000. */
  waitMs?: number
  /** Never keep runs: every segment gets an ffmpeg of its own (as before runs existed). */
  perSegmentOnly?: boolean
}

/** Segments by path, for /metrics, logs and tests. */
export type SegmentTranscodeCounts = {
  /** Through a session's long-lived ffmpeg. */
  continuous: number
  /** Through an ffmpeg of their own. */
  perSegment: number
  /** Runs started. */
  runs: number
  /** Runs that failed (their segment then went through an ffmpeg of its own). */
  runFailures: number
}

/** Options of one {@link SegmentTranscoders.transcode}. */
export type SegmentTranscodeOptions = Pick<TranscodeSegmentOptions, 'timeoutMs' | 'signal' | 'faultScale'> & {
  /** The stream the segment belongs to (a session id); without it the segment gets its own ffmpeg. */
  session?: string | undefined
}

type Run = { transcoder: ContinuousTranscoder; timer: NodeJS.Timeout | undefined }

/**
 * Segment transcoding with a long-lived ffmpeg per session.
 *
 * @example
 * const transcoders = new SegmentTranscoders()
 * const renditions = await transcoders.transcode(ts, specs, { session: 'abc' })
 * transcoders.endSession('abc')
 * transcoders.close()
 */
export class SegmentTranscoders {
  /** Counts of segments by path. */
  readonly counts: SegmentTranscodeCounts = { continuous: 0, perSegment: 0, runs: 0, runFailures: 0 }
  private readonly warm = new WarmFfmpegJobs()
  /** Runs by session and ladder, least recently used first. */
  private readonly runs = new Map<string, Run>()
  /** A run started ahead for each recent ladder: the next session finds its ffmpeg loaded. */
  private readonly spares = new WarmPool<ContinuousTranscoder>()
  /** Sessions whose run failed: a process per segment from then on. */
  private readonly failedSessions = new Set<string>()
  private closed = false

  constructor(private readonly opts: SegmentTranscodersOptions = {}) {}

  /** Sessions holding a long-lived ffmpeg now. */
  get activeRuns(): number {
    return this.runs.size
  }

  /**
   * Transcodes one segment into one rendition per spec (in order).
   * @throws Error with ffmpeg's stderr tail when the segment cannot be transcoded.
   */
  async transcode(
    input: Uint8Array,
    specs: readonly SegmentRenditionSpec[],
    opts: SegmentTranscodeOptions = {},
  ): Promise<SegmentRendition[]> {
    const continuous = await this.continuous(input, specs, opts)
    if (continuous) return continuous
    this.counts.perSegment++
    return transcodeSegment(input, specs, {
      jobs: this.warm,
      ...(this.opts.threads ? { threads: this.opts.threads } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.faultScale ? { faultScale: opts.faultScale } : {}),
    })
  }

  /** The renditions through the session's run; undefined when the segment goes its own way. */
  private async continuous(
    input: Uint8Array,
    specs: readonly SegmentRenditionSpec[],
    opts: SegmentTranscodeOptions,
  ): Promise<SegmentRendition[] | undefined> {
    const session = opts.session
    if (this.closed || this.opts.perSegmentOnly || session === undefined || opts.faultScale) return undefined
    if (this.failedSessions.has(session) || specs.length === 0 || specs.some((s) => s.fps !== specs[0]!.fps))
      return undefined
    const plan = planSegment(input, specs[0]!.fps)
    if (typeof plan === 'string') return undefined
    const ladder = JSON.stringify(specs)
    const key = `${session}\u0000${ladder}`
    let run = this.runs.get(key)
    this.runs.delete(key)
    if (!run?.transcoder.fits(plan)) {
      if (run) this.endRun(run)
      run = { transcoder: this.startRun(ladder, specs), timer: undefined }
      this.counts.runs++
    }
    this.runs.set(key, run)
    this.touch(key, run)
    this.trim()
    try {
      const outputs = await run.transcoder.push(plan)
      this.counts.continuous++
      return await segmentRenditions(specs, outputs)
    } catch {
      this.counts.runFailures++
      this.failedSessions.add(session)
      // remembered for the most recent sessions only (a session's end forgets it anyway)
      for (const old of this.failedSessions) {
        if (this.failedSessions.size <= FAILED_SESSIONS_KEPT) break
        this.failedSessions.delete(old)
      }
      if (this.runs.get(key) === run) this.runs.delete(key)
      this.endRun(run)
      return undefined
    }
  }

  /** A run for `specs`: the one started ahead when it is still waiting, and another started ahead. */
  private startRun(ladder: string, specs: readonly SegmentRenditionSpec[]): ContinuousTranscoder {
    const options = {
      threads: this.opts.threads ?? segmentTranscodeThreads(),
      ...(this.opts.waitMs ? { waitMs: this.opts.waitMs } : {}),
    }
    return this.spares.take(ladder, () => new ContinuousTranscoder(specs, options))
  }

  /** Restarts the run's idle timer. */
  private touch(key: string, run: Run): void {
    if (run.timer) clearTimeout(run.timer)
    run.timer = setTimeout(() => {
      if (this.runs.get(key) !== run) return
      this.runs.delete(key)
      this.endRun(run)
    }, this.opts.idleMs ?? 30_000)
    run.timer.unref()
  }

  /** Ends the least recently used runs past `maxRuns`. */
  private trim(): void {
    const max = this.opts.maxRuns ?? 16
    for (const [key, run] of this.runs) {
      if (this.runs.size <= max) break
      this.runs.delete(key)
      this.endRun(run)
    }
  }

  private endRun(run: Run): void {
    if (run.timer) clearTimeout(run.timer)
    run.transcoder.end()
  }

  /** Ends a session's runs (segments in flight finish first). */
  endSession(session: string): void {
    this.failedSessions.delete(session)
    for (const [key, run] of this.runs)
      if (key.startsWith(`${session}\u0000`)) {
        this.runs.delete(key)
        this.endRun(run)
      }
  }

  /** Kills every run and the processes started ahead; later segments get an ffmpeg of their own. Idempotent. */
  close(): void {
    this.closed = true
    for (const run of this.runs.values()) {
      if (run.timer) clearTimeout(run.timer)
      run.transcoder.kill()
    }
    this.runs.clear()
    this.spares.close()
    this.warm.close()
  }
}
