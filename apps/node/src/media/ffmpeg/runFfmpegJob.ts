/**
 * Runs one short ffmpeg or ffprobe job to completion (probes, frame grabs, live segments): optional
 * stdin bytes, collected stdout, the tail of stderr, killed on abort or timeout. A
 * {@link PipedFfmpegJob} run at once.
 */
import { PipedFfmpegJob } from './PipedFfmpegJob.ts'

/** Options of {@link runFfmpegJob}. */
export type RunFfmpegJobOptions = {
  /** Bytes written to stdin, then closed. Default: stdin closed at once. */
  stdin?: Uint8Array
  /** Kill the process after this many ms. Default: 60000. */
  timeoutMs?: number
  /** Abort kills the process. */
  signal?: AbortSignal
}

/** Result of a job that exited 0. */
export type RunFfmpegJobResult = { stdout: Buffer; stderr: string }

/**
 * Runs `bin` (`ffmpeg` or `ffprobe`) with `args` and resolves when it exits 0.
 *
 * @throws Error with the exit code and the stderr tail when the job fails, times out or is aborted.
 * @example
 * const { stdout } = await runFfmpegJob('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file])
 */
export async function runFfmpegJob(
  bin: 'ffmpeg' | 'ffprobe',
  args: readonly string[],
  opts: RunFfmpegJobOptions = {},
): Promise<RunFfmpegJobResult> {
  const job = new PipedFfmpegJob(args, 0, { bin, stdout: true })
  const { stdout, stderr } = await job.run(opts.stdin ?? new Uint8Array(0), {
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  return { stdout, stderr }
}
