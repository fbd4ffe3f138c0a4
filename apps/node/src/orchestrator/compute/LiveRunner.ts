/**
 * The in-process live AI runner (docs/live-ai.md): for each MPEG-TS segment on `<mid>` it decodes
 * the frames, runs them through the session's model chain (an {@link AiFrameProcessor}: the model
 * named by `model_id` with the request's `params`), encodes them back to MPEG-TS on the input's
 * timeline and publishes the result on `<mid>-out`; the three stages overlap across segments. Messages on `<mid>-control` update the chain's
 * parameters live (`{"keep":"alive"}` is ignored); status and errors go to `<mid>-events` as JSON.
 * A segment that cannot be decoded (garbage) becomes an `error` event and the session goes on.
 */
import type { InferenceRuntime } from '@prism/gpu'
import { isBaseError } from '@prism/protocol'
import { logger } from '../../lib/logger.ts'
import { decodeAiPipelineSpec } from '../pipelines/aiPipelineKind.ts'
import type { LiveRunner, LiveRunnerFactory, LiveSession } from '../sessions/LiveSession.ts'
import { publishSegment, readSegments } from '../trickle/localTrickle.ts'
import { AiFrameProcessor } from './AiFrameProcessor.ts'
import {
  chainSize,
  decodeSegment,
  encodeSegment,
  type FrameSize,
  probeSegment,
  type SegmentProbe,
} from './LiveSegmentCodec.ts'

/** Segments a session's runner works on at once (decoding, in the chain, encoding). */
export const LIVE_PIPELINE_DEPTH = 3

/** Options of {@link liveRunnerFactory}. */
export type LiveRunnerOptions = {
  /** The inference runtime shared by every session. */
  runtime: InferenceRuntime | Promise<InferenceRuntime>
}

function message(err: unknown): string {
  return isBaseError(err) ? err.shortMessage : err instanceof Error ? err.message : String(err)
}

/** Numeric parameters of a control or start message: `{params:{…}}` or the object itself. */
export function liveParams(msg: unknown): Record<string, number> {
  if (typeof msg !== 'object' || msg === null) return {}
  const o = msg as Record<string, unknown>
  const src = typeof o.params === 'object' && o.params !== null ? (o.params as Record<string, unknown>) : o
  return Object.fromEntries(
    Object.entries(src).filter((e): e is [string, number] => typeof e[1] === 'number'),
  )
}

/** One session's runner. */
class SessionRunner implements LiveRunner {
  readonly #session: LiveSession
  readonly #runtime: InferenceRuntime | Promise<InferenceRuntime>
  #processor: { chain: AiFrameProcessor; width: number; height: number } | undefined
  #params: Record<string, number>
  #frameIndex = 0
  readonly #loops: Promise<void>[] = []

  constructor(session: LiveSession, runtime: InferenceRuntime | Promise<InferenceRuntime>) {
    this.#session = session
    this.#runtime = runtime
    this.#params = liveParams({ params: session.params })
  }

  start(): void {
    this.#loops.push(this.#video(), this.#control())
    this.#session.publishEvent({ type: 'status', state: 'started', model: this.#session.modelId })
  }

  /** The chain at the input's chain size (made at the first segment, remade when it changes). */
  async #chain(p: FrameSize): Promise<AiFrameProcessor> {
    const held = this.#processor
    if (held && held.width === p.width && held.height === p.height) return held.chain
    await held?.chain.close()
    const spec = decodeAiPipelineSpec({
      version: 1,
      kind: 'ai',
      width: p.width,
      height: p.height,
      stages: [{ model: this.#session.modelId, params: this.#params }],
    })
    const chain = await AiFrameProcessor.create({
      runtime: await this.#runtime,
      spec,
      sendControlEvent: (e) => this.#session.publishEvent(e),
    })
    this.#processor = { chain, width: p.width, height: p.height }
    return chain
  }

  /**
   * The input's segments through three stages that overlap across segments: probe and decode (as
   * soon as the segment is read), the chain (in order), encode and publish (in order). Up to
   * {@link LIVE_PIPELINE_DEPTH} segments are in flight; a segment that fails at any stage becomes
   * an `error` event and gets no output.
   */
  async #video(): Promise<void> {
    const s = this.#session
    let chained: Promise<unknown> = Promise.resolve()
    let published: Promise<unknown> = Promise.resolve()
    const inFlight = new Set<Promise<unknown>>()
    const fail = (idx: number, err: unknown) => {
      if (!s.closed) s.publishEvent({ type: 'error', seq: idx, message: `segment ${idx}: ${message(err)}` })
    }
    for await (const seg of readSegments(s.channels.input)) {
      const decoded = this.#decode(seg.data)
      decoded.catch(() => {}) // handled when its turn in the chain comes
      const processed = chained.then(async () => this.#process(await decoded))
      chained = processed.catch(() => {})
      const done = published
        .then(async () => {
          const out = await processed
          if (s.closed) return
          const ts = await encodeSegment(out.frames, out.probe, out.size)
          if (!s.closed) publishSegment(s.channels.output, ts, Date.now())
        })
        .catch((err: unknown) => fail(seg.idx, err))
      published = done
      inFlight.add(done)
      void done.finally(() => inFlight.delete(done))
      while (inFlight.size >= LIVE_PIPELINE_DEPTH && !s.closed) await Promise.race(inFlight)
      if (s.closed) break
    }
    await published
  }

  /** Probes and decodes one segment at its chain size. */
  async #decode(data: Uint8Array): Promise<{ probe: SegmentProbe; size: FrameSize; frames: Uint8Array[] }> {
    const probe = await probeSegment(data)
    const size = chainSize(probe)
    return { probe, size, frames: await decodeSegment(data, size.width, size.height) }
  }

  /** Runs a decoded segment's frames through the chain, in order. */
  async #process(d: { probe: SegmentProbe; size: FrameSize; frames: Uint8Array[] }): Promise<{
    probe: SegmentProbe
    size: FrameSize
    frames: Uint8Array[]
  }> {
    const { probe, size } = d
    const chain = await this.#chain(size)
    const out: Uint8Array[] = []
    for (const data of d.frames) {
      if (this.#session.closed) break
      const index = this.#frameIndex++
      const [f] = await chain.processInput({
        format: 'rgb24',
        width: size.width,
        height: size.height,
        pts: (index * 1000) / probe.fps,
        index,
        data,
      })
      if (f) out.push(f.data)
    }
    if (out.length === 0 && !this.#session.closed) throw new Error('no frame in segment')
    return { probe, size, frames: out }
  }

  async #control(): Promise<void> {
    const s = this.#session
    for await (const seg of readSegments(s.channels.control)) {
      let msg: unknown
      try {
        msg = JSON.parse(new TextDecoder().decode(seg.data))
      } catch {
        s.publishEvent({ type: 'error', message: 'control message is not JSON' })
        continue
      }
      if ((msg as { keep?: unknown } | null)?.keep === 'alive') continue
      const params = liveParams(msg)
      this.#params = { ...this.#params, ...params }
      try {
        await this.#processor?.chain.handleControl({ v: 1, type: 'update', stage: 0, params })
        s.publishEvent({ type: 'status', state: 'params_updated', params: this.#params })
      } catch (err) {
        s.publishEvent({ type: 'error', message: message(err) })
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#loops)
    await this.#processor?.chain.close()
  }
}

/**
 * The runner factory of the live AI route.
 * @example startOrchestrator({ aiModels, live: { runner: liveRunnerFactory({ runtime }) } })
 */
export function liveRunnerFactory(o: LiveRunnerOptions): LiveRunnerFactory {
  return async (session) => {
    const runner = new SessionRunner(session, o.runtime)
    runner.start()
    logger.info(`live session ${session.mid}: ${session.modelId}`)
    return runner
  }
}
