/**
 * Runs one short ffmpeg or ffprobe job to completion (segment transcodes, probes, frame grabs):
 * optional stdin bytes, collected stdout, the tail of stderr, killed on abort or timeout.
 */
import { spawn } from 'node:child_process'

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
export function runFfmpegJob(
  bin: 'ffmpeg' | 'ffprobe',
  args: readonly string[],
  opts: RunFfmpegJobOptions = {},
): Promise<RunFfmpegJobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-hide_banner', ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let err = ''
    let killedWhy = ''
    const kill = (why: string): void => {
      killedWhy = why
      child.kill('SIGKILL')
    }
    const timer = setTimeout(() => kill('timed out'), opts.timeoutMs ?? 60_000)
    const onAbort = (): void => kill('aborted')
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000)
    })
    child.stdin.on('error', () => {})
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      if (code === 0 && !killedWhy) resolve({ stdout: Buffer.concat(out), stderr: err })
      else
        reject(
          new Error(
            `${bin} ${killedWhy || `exited ${code}`}: ${err.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        )
    })
    if (opts.stdin) child.stdin.end(opts.stdin)
    else child.stdin.end()
  })
}
