/**
 * Keeps one ffmpeg process started ahead for each recent command line (a transcoder's ladder), so
 * that a segment finds its ffmpeg already loaded and waiting on stdin: the process start-up (about
 * a third of a 2 s segment's transcode on a small machine) overlaps the previous segment instead of
 * delaying this one. An idle process only waits on its stdin; {@link WarmFfmpegJobs.close} kills
 * them (and they exit by themselves when this process dies and their stdin closes).
 */
import { PipedFfmpegJob } from './PipedFfmpegJob.ts'

/** Command lines kept warm at once (the oldest idle one is killed past this). */
export const WARM_COMMANDS = 4

/**
 * Pre-started ffmpeg jobs, one per command line.
 *
 * @example
 * const warm = new WarmFfmpegJobs()
 * const job = warm.take(args, 2) // started earlier when the same args ran before
 * const { outputs } = await job.run(input)
 * warm.close()
 */
export class WarmFfmpegJobs {
  private readonly idle = new Map<string, PipedFfmpegJob>()
  private closed = false

  constructor(private readonly max = WARM_COMMANDS) {}

  /**
   * A job for `args` with `outputs` output pipes: the one started ahead if it is still waiting,
   * else a new one; another is started ahead for the next call with the same arguments.
   */
  take(args: readonly string[], outputs: number): PipedFfmpegJob {
    const key = `${outputs}\u0000${args.join('\u0000')}`
    const warm = this.idle.get(key)
    this.idle.delete(key)
    const job = warm?.ready ? warm : new PipedFfmpegJob(args, outputs)
    if (warm && warm !== job) warm.kill()
    if (!this.closed) {
      this.idle.set(key, new PipedFfmpegJob(args, outputs))
      while (this.idle.size > this.max) {
        const [oldest, j] = this.idle.entries().next().value as [string, PipedFfmpegJob]
        j.kill()
        this.idle.delete(oldest)
      }
    }
    return job
  }

  /** Kills the waiting processes; later `take`s start jobs without keeping any ahead. Idempotent. */
  close(): void {
    this.closed = true
    for (const j of this.idle.values()) j.kill()
    this.idle.clear()
  }
}
