import { Emitter } from '../lib/Emitter.ts'

/** One verification sample as shown in the UI. */
export type VerificationResult = {
  at: number
  orchestrator: string
  kind: 'ai' | 'transcode'
  passed: boolean
  /** Score at full scale (AI: median over the sample's aligned frame pairs). */
  ssim?: number
  /** Scores at every scale, finest first (AI; see frameScores.ts). */
  scores?: number[]
  /** Aligned frame pairs compared (AI). */
  pairs?: number
  /** The chain verified, e.g. `builtin:toon > builtin:sharpen` (AI). */
  chain?: string
  detail: string
  flagged: boolean
  /** Milliseconds spent recomputing locally. */
  computeMs?: number
}

/**
 * Keeps the last verification results and the runtime used, for the UI.
 * @example
 * const store = new VerificationStore(); store.add(result)
 */
export class VerificationStore {
  readonly events = new Emitter<{ change: [] }>()
  #results: VerificationResult[] = []
  #provider = 'not loaded'
  #status = 'idle'

  /** Adds a result (keeps the last 50). */
  add(result: VerificationResult): void {
    this.#results = [...this.#results.slice(-49), result]
    this.events.emit('change')
  }

  /** Sets the runtime description (e.g. `onnxruntime-web wasm`). */
  setProvider(provider: string): void {
    this.#provider = provider
    this.events.emit('change')
  }

  /** Sets a short status line (loading models, sampling, …). */
  setStatus(status: string): void {
    this.#status = status
    this.events.emit('change')
  }

  /** Results, oldest first. */
  get results(): VerificationResult[] {
    return this.#results
  }

  get provider(): string {
    return this.#provider
  }

  get status(): string {
    return this.#status
  }
}
