/**
 * Keeps one ffmpeg process started ahead for each recent command line (a transcoder's ladder), so
 * that a segment finds its ffmpeg already loaded and waiting on stdin ({@link WarmPool}). An idle
 * process only waits on its stdin; {@link WarmFfmpegJobs.close} kills them (and they exit by
 * themselves when this process dies and their stdin closes).
 */
import { PipedFfmpegJob } from './PipedFfmpegJob.ts'
import { WarmPool } from './WarmPool.ts'

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
  private readonly pool: WarmPool<PipedFfmpegJob>

  constructor(max?: number) {
    this.pool = new WarmPool(max)
  }

  /**
   * A job for `args` with `outputs` output pipes: the one started ahead if it is still waiting,
   * else a new one; another is started ahead for the next call with the same arguments.
   */
  take(args: readonly string[], outputs: number): PipedFfmpegJob {
    const key = `${outputs}\u0000${args.join('\u0000')}`
    return this.pool.take(key, () => new PipedFfmpegJob(args, outputs))
  }

  /** Kills the waiting processes; later `take`s start jobs without keeping any ahead. Idempotent. */
  close(): void {
    this.pool.close()
  }
}
