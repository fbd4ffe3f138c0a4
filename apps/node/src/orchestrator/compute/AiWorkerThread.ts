/**
 * One worker thread of the {@link AiWorkerPool} as its owner sees it: started once (onnxruntime
 * loaded there: seconds), then lent to one `ai` session at a time. Requests are answered in
 * order; the events of the chain it runs go to the current `onEvent`.
 */
import { Worker } from 'node:worker_threads'
import { BaseError, type ControlEvent } from '@prism/protocol'
import { logger } from '../../lib/logger.ts'
import type {
  AiStageReply,
  AiStageRequest,
  AiStageWireError,
  AiStageWorkerData,
} from './aiStageWorkerProtocol.ts'
import { AiWorkerExitedError } from './errors.ts'

/** A request before its id is given. */
export type AiStageRequestBody = AiStageRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never

/** A `done` reply. */
export type AiStageDone = Extract<AiStageReply, { type: 'done' }>

/** The runtime's provider line is logged once per process, not once per thread. */
let providerLogged = false

/** An error as it came from the worker: the same code and message as where it was thrown. */
function fromWire(e: AiStageWireError): BaseError | Error {
  return e.code
    ? new BaseError(e.code, e.shortMessage, {
        ...(e.details ? { details: e.details } : {}),
        ...(e.httpStatus ? { httpStatus: e.httpStatus } : {}),
      })
    : new Error(e.shortMessage)
}

/**
 * A started worker thread.
 *
 * @example
 * const thread = await AiWorkerThread.start({})
 * thread.onEvent = (e) => channel.send(JSON.stringify(e))
 * await thread.request({ type: 'create', spec })
 */
export class AiWorkerThread {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (r: AiStageDone) => void; reject: (e: Error) => void }>()
  #nextId = 1
  #exited: Error | undefined
  /** Where the chain's control events go (the session the thread is lent to). */
  onEvent: ((event: ControlEvent) => void) | undefined

  private constructor(worker: Worker) {
    this.#worker = worker
  }

  /**
   * Starts a thread; resolves once onnxruntime is loaded there.
   * @throws AI_WORKER_EXITED when the thread died or could not load the runtime.
   */
  static start(data: AiStageWorkerData): Promise<AiWorkerThread> {
    const worker = new Worker(new URL('./aiStageWorker.mjs', import.meta.url), { workerData: data })
    const thread = new AiWorkerThread(worker)
    return new Promise((resolve, reject) => {
      worker.on('message', (msg: AiStageReply) => {
        switch (msg.type) {
          case 'idle':
            resolve(thread)
            return
          case 'failed':
            thread.#fail(new AiWorkerExitedError(msg.error.shortMessage))
            reject(thread.#exited)
            void worker.terminate()
            return
          case 'event':
            thread.onEvent?.(msg.event)
            return
          case 'log':
            if (!providerLogged) logger.info(msg.line)
            providerLogged = true
            return
          case 'done':
          case 'error': {
            const p = thread.#pending.get(msg.id)
            if (!p) return
            thread.#pending.delete(msg.id)
            if (msg.type === 'error') p.reject(fromWire(msg.error))
            else p.resolve(msg)
          }
        }
      })
      const died = (why: string) => {
        thread.#fail(new AiWorkerExitedError(why))
        reject(thread.#exited)
      }
      worker.on('error', (err) => died(err.message))
      worker.on('exit', (code) => died(`exit code ${code}`))
    })
  }

  /** Why the thread ended, once it has. */
  get exited(): Error | undefined {
    return this.#exited
  }

  #fail(err: Error): void {
    this.#exited ??= err
    for (const p of this.#pending.values()) p.reject(this.#exited)
    this.#pending.clear()
  }

  /**
   * Sends a request, transferring `transfer`; resolves with its `done` reply.
   * @throws the error the worker answered with (its code kept), or AI_WORKER_EXITED.
   */
  request(body: AiStageRequestBody, transfer: ArrayBuffer[] = []): Promise<AiStageDone> {
    if (this.#exited) return Promise.reject(this.#exited)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ ...body, id } as AiStageRequest, transfer)
    })
  }

  /** Whether the thread keeps the process alive (lent) or not (idle in the pool). */
  hold(held: boolean): void {
    if (held) this.#worker.ref()
    else this.#worker.unref()
  }

  /** Ends the thread. */
  async terminate(): Promise<void> {
    this.#fail(new AiWorkerExitedError('terminated'))
    await this.#worker.terminate()
  }
}
