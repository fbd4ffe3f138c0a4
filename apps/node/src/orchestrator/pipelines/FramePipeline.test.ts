/**
 * The frame path under a slow `ai` stage, on real ffmpeg and the real AiFrameProcessor (its
 * onnxruntime CPU runtime slowed to 5 frame intervals per frame): a clip decoded at its live rate
 * goes through the pipeline's one FrameQueue. The queue drops the OLDEST frames, so every frame
 * the stage gets is one of the newest decoded (no growing backlog), the last frame in is the last
 * frame out, and the drops show in the pipeline's and the stage's statistics.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InferenceRuntime } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AiFrameProcessor } from '../compute/AiFrameProcessor.ts'
import { FramePipeline } from './FramePipeline.ts'
import type { FrameStage } from './StageTypes.ts'

const W = 64
const H = 48
const FPS = 30
const SECONDS = 3
const QUEUE = 2
/** The stage takes 5 frame intervals per frame. */
const STAGE_MS = (5 * 1000) / FPS

/** A real runtime whose model runs take `ms` longer. */
function slowed(runtime: InferenceRuntime, ms: number): InferenceRuntime {
  return {
    info: runtime.info,
    createTensor: (data, dims) => runtime.createTensor(data, dims),
    readTensor: (t) => runtime.readTensor(t),
    readModelSource: (scheme, location) => runtime.readModelSource(scheme, location),
    sha256: (bytes) => runtime.sha256(bytes),
    async createSession(model) {
      const s = await runtime.createSession(model)
      return {
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        run: async (feeds) => {
          await new Promise((r) => setTimeout(r, ms))
          return s.run(feeds)
        },
        release: () => s.release(),
      }
    },
  }
}

let dir: string
let clip: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-framepath-'))
  clip = join(dir, 'clip.mp4')
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
    ...['-i', `testsrc=size=${W}x${H}:rate=${FPS}`, '-t', String(SECONDS)],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip],
  ])
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('frame path under a slow ai stage', () => {
  it('drops the oldest frames: the stage always gets one of the newest, the last frame comes out', async () => {
    const processor = await AiFrameProcessor.create({
      runtime: slowed(await createNodeRuntime({ log: () => {} }), STAGE_MS),
      spec: { width: W, height: H, stages: [{ model: 'builtin:sepia', params: { strength: 1 } }] },
      statsEveryFrames: 0,
    })
    /** Per frame the stage got: its index, and the newest index decoded at that moment. */
    const taken: Array<{ index: number; newest: number }> = []
    const out: number[] = []
    let pipeline: FramePipeline | undefined
    const stage: FrameStage = {
      async processInput(frame) {
        taken.push({ index: frame.index, newest: pipeline!.toJSON().framesIn - 1 })
        const frames = await processor.processInput(frame)
        out.push(...frames.map((f) => f.index))
        return frames
      },
      toJSON: () => processor.toJSON(),
      get lastFrameSteps() {
        return processor.lastFrameSteps
      },
      close: () => processor.close(),
    }
    pipeline = new FramePipeline({
      kind: 'ai',
      input: { type: 'file', path: clip, realtime: true },
      format: 'rgb24',
      width: W,
      height: H,
      fps: FPS,
      stage,
      returnOutput: { name: 'ai', width: W, height: H, kbps: 300, counted: true },
      ctx: {
        sessionId: 's',
        streamId: 'framepath',
        codec: 'H264',
        encoder: 'libx264',
        hlsDir: join(dir, 'hls'),
        sendControlEvent: () => {},
        maxQueuedFrames: QUEUE,
      },
    })
    const drops: string[] = []
    pipeline.on('framedropped', (reason) => drops.push(reason))
    const steps: Array<Readonly<Record<string, number>>> = []
    pipeline.on('framesteps', (s) => steps.push(s))
    try {
      await pipeline.start()
      await pipeline.finished
      const stats = pipeline.toJSON()
      expect(stats.framesIn).toBe(SECONDS * FPS)
      // Bounded latency: each frame the stage takes is among the newest QUEUE + 1 decoded so far
      // (the one just decoded and the QUEUE waiting), never an old frame from a backlog.
      for (const t of taken) expect(t.newest - t.index).toBeLessThanOrEqual(QUEUE)
      expect(out).toEqual(taken.map((t) => t.index))
      expect(out.at(-1)).toBe(SECONDS * FPS - 1) // the newest frame is never the one dropped
      // Most frames were dropped, all by the queue, and the counts agree everywhere.
      expect(stats.framesDropped).toBeGreaterThan(stats.framesIn / 2)
      expect(stats.framesDropped).toBe(stats.framesIn - out.length)
      expect(drops).toEqual(Array(stats.framesDropped).fill('queue'))
      expect(stats.framesEncoded).toBe(out.length)
      const ai = stats.stages[0] as ReturnType<AiFrameProcessor['toJSON']>
      expect(ai.framesIn).toBe(out.length)
      expect(ai.framesDropped).toBe(stats.framesDropped - out[0]!) // frames skipped after the first one taken
      // Step timings: one record per processed frame (queue, the stage's steps, encoder write), and
      // `encode` records from the return stream, one per encoded frame at most. No RTP input: no `decode`.
      const perFrame = steps.filter((s) => 'queue' in s)
      expect(perFrame).toHaveLength(out.length)
      for (const s of perFrame)
        expect(Object.keys(s).sort()).toEqual(['encode_write', 'from_tensor', 'infer', 'queue', 'to_tensor'])
      const encoded = steps.filter((s) => 'encode' in s)
      expect(encoded.length).toBeGreaterThan(0)
      expect(encoded.length).toBeLessThanOrEqual(out.length)
      for (const s of steps) for (const ms of Object.values(s)) expect(ms).toBeGreaterThanOrEqual(0)
    } finally {
      await pipeline.close()
    }
  }, 30_000)
})
