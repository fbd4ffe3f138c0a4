/**
 * The one place that spawns ffmpeg. Every process is tracked until it exits, so tests can assert
 * that none leaks ({@link runningFfmpegPids}); `close()` sends SIGTERM, then SIGKILL after a grace
 * period, and resolves only once the process has exited.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'

const running = new Map<number, FfmpegProcess>()

/** Pids of ffmpeg processes spawned by this node that have not exited yet. */
export function runningFfmpegPids(): number[] {
  return [...running.keys()]
}

/** Path of the ffmpeg binary: `PRISM_FFMPEG` or `ffmpeg` on PATH. */
export const FFMPEG_BIN = process.env.PRISM_FFMPEG ?? 'ffmpeg'

/** Options of {@link FfmpegProcess}. */
export type FfmpegProcessOptions = {
  /** Arguments after `ffmpeg -hide_banner -nostdin?` (input, filters, outputs). */
  args: string[]
  /** Name used in logs. */
  name: string
  /** Keep stdin open as a pipe (raw frames in). Default: false. */
  stdin?: boolean
  /** Pipe stdout (raw frames out). Default: false. */
  stdout?: boolean
  /** Open a readable pipe on file descriptor 3 (`child.stdio[3]`, e.g. a frame log). Default: false. */
  fd3?: boolean
  /** Grace period between SIGTERM and SIGKILL. Default: 2000 ms. */
  killTimeoutMs?: number
}

/** Events of an {@link FfmpegProcess}. */
export type FfmpegProcessEvents = {
  /** The process exited (code or signal) and its last stderr lines. */
  exit: [code: number | null, signal: NodeJS.Signals | null, stderrTail: string]
  listenererror: [event: string, error: unknown]
}

/**
 * A running ffmpeg process.
 *
 * @example
 * const p = new FfmpegProcess({ name: 'probe', args: ['-f', 'lavfi', '-i', 'testsrc', '-frames:v', '1', '-f', 'null', '-'] })
 * const code = await p.exited
 */
export class FfmpegProcess extends EnhancedEventEmitter<FfmpegProcessEvents> {
  readonly name: string
  readonly child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>
  #stderr: string[] = []
  #exitedFlag = false
  readonly #killTimeoutMs: number

  constructor(options: FfmpegProcessOptions) {
    super()
    this.name = options.name
    this.#killTimeoutMs = options.killTimeoutMs ?? 2000
    const args = [
      '-hide_banner',
      '-loglevel',
      'warning',
      ...(options.stdin ? [] : ['-nostdin']),
      ...options.args,
    ]
    logger.debug(`ffmpeg ${this.name}: ${args.join(' ')}`)
    this.child = spawn(FFMPEG_BIN, args, {
      stdio: [
        options.stdin ? 'pipe' : 'ignore',
        options.stdout ? 'pipe' : 'ignore',
        'pipe',
        ...(options.fd3 ? (['pipe'] as const) : []),
      ],
    })
    const pid = this.child.pid
    if (pid !== undefined) running.set(pid, this)
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) this.#stderr.push(line)
      if (this.#stderr.length > 40) this.#stderr.splice(0, this.#stderr.length - 40)
    })
    this.child.stdin?.on('error', () => undefined) // EPIPE when ffmpeg exits first
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#exitedFlag) return
        this.#exitedFlag = true
        if (pid !== undefined) running.delete(pid)
        this.safeEmit('exit', code, signal, this.stderrTail)
        resolve(code)
      }
      this.child.once('exit', done)
      this.child.once('error', (err) => {
        this.#stderr.push(String(err))
        done(-1, null)
      })
    })
  }

  /** Last lines ffmpeg wrote to stderr. */
  get stderrTail(): string {
    return this.#stderr.join('\n')
  }

  /** True once the process exited. */
  get hasExited(): boolean {
    return this.#exitedFlag
  }

  /**
   * Stops the process: closes stdin (lets an encoder flush), SIGTERM, then SIGKILL after the grace
   * period. Resolves when it has exited. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#exitedFlag) return
    try {
      this.child.stdin?.end()
    } catch {
      // ignore
    }
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => {
      if (!this.#exitedFlag) this.child.kill('SIGKILL')
    }, this.#killTimeoutMs)
    await this.exited
    clearTimeout(timer)
  }
}
