/**
 * The worker threads that run `ai` sessions' chains off the node's main thread. A thread loads
 * onnxruntime once (seconds of CPU), so threads are kept: `spare` idle ones wait, warmed when the
 * pool is first used (or by {@link AiWorkerPool.warm}), and a session's thread comes back idle when
 * the session ends. Idle threads never keep the process alive. The owner (the `ai` pipeline kind,
 * closed by its orchestrator) closes the pool, which ends every thread.
 */
import type { NodeProvider } from '@prism/gpu/node'
import { logger } from '../../lib/logger.ts'
import { AiWorkerThread } from './AiWorkerThread.ts'
import { AiWorkerExitedError } from './errors.ts'

/** Options of {@link AiWorkerPool}. */
export type AiWorkerPoolOptions = {
  /** Idle threads kept ready for the next session. Default: 1. */
  spare?: number
  /** Execution providers of each thread's runtime. Default: cuda, tensorrt, cpu (the first available). */
  providers?: readonly NodeProvider[]
}

/**
 * A pool of AI worker threads.
 *
 * @example
 * const pool = new AiWorkerPool({ spare: 1 })
 * const thread = await pool.take() // lent to one session
 * pool.release(thread)             // idle again (or ended when enough are idle)
 * await pool.close()
 */
export class AiWorkerPool {
  readonly #spare: number
  readonly #providers: readonly NodeProvider[] | undefined
  readonly #idle: AiWorkerThread[] = []
  readonly #lent = new Set<AiWorkerThread>()
  readonly #starting = new Set<Promise<AiWorkerThread | undefined>>()
  #closed = false

  constructor(options: AiWorkerPoolOptions = {}) {
    this.#spare = Math.max(0, options.spare ?? 1)
    this.#providers = options.providers
  }

  /** Threads lent to sessions, idle, and starting. */
  get counts(): { lent: number; idle: number; starting: number } {
    return { lent: this.#lent.size, idle: this.#idle.length, starting: this.#starting.size }
  }

  /** Starts idle threads up to `spare` (in the background). */
  warm(): void {
    const missing = this.#spare - this.#idle.length - this.#starting.size
    for (let i = 0; i < missing && !this.#closed; i++) {
      const start = this.#start().then(
        (t) => {
          if (this.#closed) void t.terminate()
          else this.#idle.push(t)
          return t
        },
        (err: unknown) => {
          // not retried here: the next take() starts a thread itself
          logger.warn(`ai worker thread did not start: ${err instanceof Error ? err.message : String(err)}`)
          return undefined
        },
      )
      this.#starting.add(start)
      void start.finally(() => this.#starting.delete(start))
    }
  }

  #start(): Promise<AiWorkerThread> {
    return AiWorkerThread.start(this.#providers ? { providers: this.#providers } : {}).then((t) => {
      t.hold(false)
      return t
    })
  }

  /**
   * A thread for one session: an idle one, one that is starting, or a new one. The pool then
   * starts another spare in the background.
   * @throws AI_WORKER_EXITED when the pool is closed or no thread could start.
   */
  async take(): Promise<AiWorkerThread> {
    if (this.#closed) throw new AiWorkerExitedError('the ai worker pool is closed')
    let thread = this.#idle.shift()
    while (thread?.exited) thread = this.#idle.shift()
    if (!thread) {
      const starting = [...this.#starting][0]
      thread = (await starting) ?? undefined
      if (thread) {
        const i = this.#idle.indexOf(thread)
        if (i >= 0) this.#idle.splice(i, 1)
        else thread = undefined // taken by a concurrent take()
      }
    }
    thread ??= await this.#start()
    if (this.#closed) {
      await thread.terminate()
      throw new AiWorkerExitedError('the ai worker pool is closed')
    }
    thread.hold(true)
    this.#lent.add(thread)
    this.warm()
    return thread
  }

  /** Takes a thread back from its session: idle again while fewer than `spare` are, else ended. */
  release(thread: AiWorkerThread): void {
    this.#lent.delete(thread)
    thread.onEvent = undefined
    if (this.#closed || thread.exited || this.#idle.length >= this.#spare) {
      void thread.terminate()
      return
    }
    thread.hold(false)
    this.#idle.push(thread)
  }

  /** Ends every thread (lent ones too: their sessions are closed first by the orchestrator). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const starting = await Promise.all([...this.#starting])
    const all = [...this.#idle, ...this.#lent, ...starting.filter((t) => t !== undefined)]
    this.#idle.length = 0
    this.#lent.clear()
    await Promise.all([...new Set(all)].map((t) => t.terminate()))
  }
}
