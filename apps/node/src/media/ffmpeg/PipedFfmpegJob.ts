/**
 * One ffmpeg (or ffprobe) process that reads its input on stdin (`pipe:0`) and writes each of its
 * outputs to a pipe of its own (`pipe:3`, `pipe:4`, …) or to stdout: no temporary files. The
 * process is spawned at once and waits on stdin until {@link PipedFfmpegJob.run} hands it the
 * input, so that a caller can start it ahead of the work (see {@link WarmFfmpegJobs}); a
 * short job runs the same way at once (`runFfmpegJob`).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'

/** Options of {@link PipedFfmpegJob.run}. */
export type PipedRunOptions = {
  /** Kill the process after this many ms (counted from `run`). Default: 60000. */
  timeoutMs?: number
  /** Abort kills the process. */
  signal?: AbortSignal
}

/** What a successful job returns: each output pipe's bytes, in order, stdout and the stderr tail. */
export type PipedRunResult = { outputs: Buffer[]; stdout: Buffer; stderr: string }

/** How {@link PipedFfmpegJob} spawns. */
export type PipedFfmpegJobOptions = {
  /** The program. Default: `ffmpeg`. */
  bin?: 'ffmpeg' | 'ffprobe'
  /** Collect stdout too. Default: false (ignored). */
  stdout?: boolean
}

/** The fd of output `i` (0-based): 3, 4, … */
export const outputFd = (i: number): number => 3 + i

/**
 * A spawned ffmpeg job waiting for its input.
 *
 * @example
 * const job = new PipedFfmpegJob(['-f', 'mpegts', '-i', 'pipe:0', '-c', 'copy', '-f', 'mpegts', 'pipe:3'], 1)
 * const { outputs } = await job.run(tsBytes)
 */
export class PipedFfmpegJob {
  private readonly child: ChildProcess
  private readonly bin: string
  private readonly outputs: Buffer[][]
  private readonly stdout: Buffer[] = []
  private readonly exited: Promise<number | null>
  private stderr = ''
  private used = false
  private dead = false

  /** Spawns `ffmpeg -hide_banner <args>` (or ffprobe) with `outputs` output pipes. */
  constructor(args: readonly string[], outputs: number, options: PipedFfmpegJobOptions = {}) {
    const stdio: ('pipe' | 'ignore')[] = ['pipe', options.stdout ? 'pipe' : 'ignore', 'pipe']
    for (let i = 0; i < outputs; i++) stdio.push('pipe')
    this.bin = options.bin ?? 'ffmpeg'
    this.child = spawn(this.bin, ['-hide_banner', ...args], { stdio })
    this.child.stdout?.on('data', (d: Buffer) => this.stdout.push(d))
    this.outputs = Array.from({ length: outputs }, () => [])
    for (let i = 0; i < outputs; i++)
      (this.child.stdio[outputFd(i)] as Readable).on('data', (d: Buffer) => this.outputs[i]!.push(d))
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000)
    })
    this.child.stdin?.on('error', () => {})
    this.exited = new Promise((resolve) => {
      this.child.once('error', (e) => {
        this.dead = true
        this.stderr += String(e)
        resolve(null)
      })
      this.child.once('close', (code) => {
        this.dead = true
        resolve(code)
      })
    })
  }

  /** True while the process waits for its input (not run yet, not exited). */
  get ready(): boolean {
    return !this.used && !this.dead
  }

  /**
   * Writes `input` to stdin, closes it and resolves the outputs when ffmpeg exits 0.
   * @throws Error with the exit code and the stderr tail when ffmpeg fails, times out or is
   *   aborted, or when the job was already run.
   */
  async run(input: Uint8Array, opts: PipedRunOptions = {}): Promise<PipedRunResult> {
    if (this.used) throw new Error('ffmpeg job already run')
    this.used = true
    let killedWhy = ''
    const kill = (why: string): void => {
      killedWhy = why
      this.child.kill('SIGKILL')
    }
    const timer = setTimeout(() => kill('timed out'), opts.timeoutMs ?? 60_000)
    const onAbort = (): void => kill('aborted')
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    this.child.stdin?.end(input)
    const code = await this.exited
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onAbort)
    if (code !== 0 || killedWhy)
      throw new Error(
        `${this.bin} ${killedWhy || `exited ${code}`}: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      )
    return {
      outputs: this.outputs.map((c) => Buffer.concat(c)),
      stdout: Buffer.concat(this.stdout),
      stderr: this.stderr,
    }
  }

  /** Kills the process (a job never run, or one to abandon). Idempotent. */
  kill(): void {
    this.used = true
    if (!this.dead) this.child.kill('SIGKILL')
  }
}
