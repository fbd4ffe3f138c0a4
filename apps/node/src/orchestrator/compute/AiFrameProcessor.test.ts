/**
 * The `ai` frame processor alone, on the real onnxruntime-node CPU provider: frames in and out
 * (rgb24 converted in-graph, the same bytes as the JS conversions around a float chain; I420 in
 * JS; one format per processor), parameter updates, background stage swaps with control events, frames its
 * pipeline dropped (counted from gaps in `index`), and control errors.
 */
import {
  type ChainSpec,
  type InferenceRuntime,
  i420Size,
  ModelChain,
  nchwSize,
  nchwToRgb24,
  rgb24ToNchw,
} from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import type { BaseError, ControlEvent } from '@prism/protocol'
import { beforeAll, describe, expect, it } from 'vitest'
import { AiFrameProcessor } from './AiFrameProcessor.ts'
import type { AiFrame } from './AiFrameProcessorTypes.ts'

const W = 32
const H = 24

function greyFrame(index: number, value = 128): AiFrame {
  return {
    format: 'rgb24',
    width: W,
    height: H,
    pts: index * 33,
    index,
    data: new Uint8Array(W * H * 3).fill(value),
  }
}

/** Mean of R minus mean of B over an rgb24 frame. */
function warmth(frame: AiFrame): number {
  let r = 0
  let b = 0
  for (let p = 0; p < frame.data.length; p += 3) {
    r += frame.data[p]!
    b += frame.data[p + 2]!
  }
  return (r - b) / (frame.data.length / 3)
}

async function errorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
  } catch (err) {
    return (err as BaseError).code
  }
  return 'none'
}

describe('AiFrameProcessor', () => {
  let runtime: InferenceRuntime
  beforeAll(async () => {
    runtime = await createNodeRuntime({ log: () => {} })
  })

  const spec: ChainSpec = {
    width: W,
    height: H,
    stages: [
      { model: 'builtin:sepia', params: { strength: 1 } },
      { model: 'builtin:blur', params: { radius: 1 } },
      { model: 'builtin:sharpen', params: { amount: 0.5 } },
    ],
  }
  const create = (
    events: ControlEvent[] = [],
    extra: { statsEveryFrames?: number; frameFormat?: 'rgb24' | 'i420'; inPlace?: boolean } = {},
  ) =>
    AiFrameProcessor.create({
      runtime,
      spec,
      sendControlEvent: (e) => events.push(e),
      statsEveryFrames: 0,
      ...extra,
    })

  it('returns an rgb24 frame of the same size, warmed by sepia', async () => {
    const p = await create()
    const [out] = await p.processInput(greyFrame(0))
    expect(out!.format).toBe('rgb24')
    expect(out!.data.length).toBe(W * H * 3)
    expect(out!.index).toBe(0)
    expect(warmth(out!)).toBeGreaterThan(40) // grey in, R well above B out
    expect(p.toJSON().chain.stages).toHaveLength(3)
    await p.close()
  })

  it('gives the bytes of the JS conversions around a float chain (within one level), in place or not', async () => {
    const data = new Uint8Array(W * H * 3)
    let seed = 7
    for (let i = 0; i < data.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      data[i] = seed >>> 24
    }
    const chain = await ModelChain.create(runtime, spec)
    const tensor = new Float32Array(nchwSize(W, H))
    rgb24ToNchw(data, W, H, tensor)
    await chain.run(tensor, tensor)
    const expected = new Uint8Array(data.length)
    nchwToRgb24(tensor, W, H, expected)
    await chain.close()
    for (const inPlace of [false, true]) {
      const p = await create([], { inPlace })
      const frame: AiFrame = { ...greyFrame(0), data: data.slice() }
      const [out] = await p.processInput(frame)
      expect(out!.data === frame.data).toBe(inPlace)
      let worst = 0
      for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(out!.data[i]! - expected[i]!))
      expect(worst).toBeLessThanOrEqual(1)
      await p.close()
    }
  })

  it('refuses frames of another format than its frameFormat with FRAME_SIZE_INVALID', async () => {
    const p = await create()
    expect(p.frameFormat).toBe('rgb24')
    const data = new Uint8Array(i420Size(W, H))
    const i420: AiFrame = { format: 'i420', width: W, height: H, pts: 0, index: 0, data }
    expect(await errorCode(() => p.processInput(i420))).toBe('FRAME_SIZE_INVALID')
    await p.close()
    const q = await create([], { frameFormat: 'i420' })
    expect(await errorCode(() => q.processInput(greyFrame(1)))).toBe('FRAME_SIZE_INVALID')
    await q.close()
  })

  it('processes I420 frames into I420 frames', async () => {
    const p = await create([], { frameFormat: 'i420' })
    const data = new Uint8Array(i420Size(W, H)).fill(128)
    data.fill(126, 0, W * H)
    const [out] = await p.processInput({ format: 'i420', width: W, height: H, pts: 0, index: 0, data })
    expect(out!.data.length).toBe(data.length)
    const v = out!.data[W * H + (W / 2) * (H / 2)]! // first Cr sample: sepia pushes red, Cr > 128
    expect(v).toBeGreaterThan(135)
    await p.close()
  })

  it('applies an update on the next frame', async () => {
    const p = await create()
    const before = warmth((await p.processInput(greyFrame(0)))[0]!)
    await p.handleControl({ v: 1, type: 'update', stage: 0, params: { strength: 0 } })
    const after = warmth((await p.processInput(greyFrame(1)))[0]!)
    expect(before).toBeGreaterThan(40)
    expect(Math.abs(after)).toBeLessThan(3)
    await p.close()
  })

  it('swaps a stage in the background: loading, ready, frames keep flowing, new model used', async () => {
    const events: ControlEvent[] = []
    const p = await create(events)
    await p.handleControl({
      v: 1,
      type: 'setStage',
      stage: 0,
      model: 'builtin:grade',
      params: { saturation: 0 },
    })
    const during = await p.processInput(greyFrame(0))
    expect(during).toHaveLength(1)
    await p.settled()
    expect(events.map((e) => e.type)).toEqual(['loading', 'ready'])
    expect(p.models[0]).toBe('builtin:grade')
    const [after] = await p.processInput(greyFrame(1))
    expect(Math.abs(warmth(after!))).toBeLessThan(3) // grey stays grey without sepia
    await p.close()
  })

  it('reports a failed swap as an error event and keeps the old stage', async () => {
    const events: ControlEvent[] = []
    const p = await create(events)
    await p.handleControl({ v: 1, type: 'setStage', stage: 1, model: 'builtin:nope', params: {} })
    await p.settled()
    expect(events.map((e) => e.type)).toEqual(['loading', 'error'])
    expect(events[1]).toMatchObject({ type: 'error', code: 'MODEL_UNKNOWN' })
    expect(p.models[1]).toBe('builtin:blur')
    expect(await p.processInput(greyFrame(0))).toHaveLength(1)
    await p.close()
  })

  it('keeps no queue of its own: every frame given comes out, in order, even when calls overlap', async () => {
    const p = await create()
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => p.processInput(greyFrame(i))))
    expect(results.map((r) => r.map((f) => f.index))).toEqual([[0], [1], [2], [3], [4]])
    expect(p.toJSON()).toMatchObject({ framesIn: 5, framesOut: 5, framesDropped: 0 })
    await p.close()
  })

  it('counts the frames its pipeline dropped before it from the gaps in frame.index', async () => {
    const events: ControlEvent[] = []
    const p = await create(events, { statsEveryFrames: 3 })
    for (const i of [4, 5, 9]) await p.processInput(greyFrame(i)) // 6, 7, 8 dropped upstream
    expect(p.toJSON()).toMatchObject({ framesIn: 3, framesOut: 3, framesDropped: 3 })
    expect(events.filter((e) => e.type === 'stats')).toMatchObject([{ type: 'stats', dropped: 3 }])
    await p.close()
  })

  it('sends stats events with per-stage timings', async () => {
    const events: ControlEvent[] = []
    const p = await create(events, { statsEveryFrames: 2 })
    for (let i = 0; i < 4; i++) await p.processInput(greyFrame(i))
    const stats = events.filter((e) => e.type === 'stats')
    expect(stats).toHaveLength(2)
    expect(stats[0]).toMatchObject({ type: 'stats', dropped: 0 })
    expect((stats[0] as { stageMs: number[] }).stageMs).toHaveLength(3)
    await p.close()
  })

  it('writes into a new buffer by default, into the input frame with inPlace', async () => {
    const p = await create()
    const input = greyFrame(0)
    const [out] = await p.processInput(input)
    expect(out!.data).not.toBe(input.data)
    expect([...input.data.subarray(0, 3)]).toEqual([128, 128, 128]) // input untouched
    await p.close()
    const q = await AiFrameProcessor.create({
      runtime,
      spec: { width: W, height: H, stages: [{ model: 'builtin:sepia', params: { strength: 1 } }] },
      statsEveryFrames: 0,
      inPlace: true,
    })
    const handed = greyFrame(1)
    const [same] = await q.processInput(handed)
    expect(same!.data).toBe(handed.data)
    expect(warmth(same!)).toBeGreaterThan(40) // the processed frame, not the grey input
    await q.close()
  })

  it('times each step of the last frame and keeps their means', async () => {
    const p = await create()
    expect(p.lastFrameSteps).toEqual({ to_tensor: 0, infer: 0, from_tensor: 0 })
    for (let i = 0; i < 3; i++) await p.processInput(greyFrame(i))
    const steps = p.lastFrameSteps
    expect(Object.keys(steps).sort()).toEqual(['from_tensor', 'infer', 'to_tensor'])
    for (const ms of Object.values(steps)) expect(ms).toBeGreaterThanOrEqual(0)
    expect(steps.infer).toBeGreaterThan(0) // three models ran
    const stats = p.toJSON()
    expect(Object.keys(stats.stepsMeanMs).sort()).toEqual(['from_tensor', 'infer', 'to_tensor'])
    expect(stats.stepsMeanMs.infer).toBeGreaterThan(0)
    await p.close()
  })

  it('answers control errors with their codes', async () => {
    const p = await create()
    // ping is answered by the session, never by a stage
    expect(await errorCode(() => p.handleControl({ v: 1, type: 'ping', t: 1 }))).toBe(
      'AI_CONTROL_UNSUPPORTED',
    )
    expect(
      await errorCode(() =>
        p.handleControl({ v: 1, type: 'setPipeline', pipeline: { version: 1, kind: 'passthrough' } }),
      ),
    ).toBe('AI_CONTROL_UNSUPPORTED')
    expect(
      await errorCode(() => p.handleControl({ v: 1, type: 'update', stage: 0, params: { strength: 7 } })),
    ).toBe('MODEL_PARAM_INVALID')
    expect(await errorCode(() => p.handleControl({ v: 1, type: 'update', stage: 5, params: {} }))).toBe(
      'AI_CHAIN_INVALID',
    )
    expect(await errorCode(() => p.processInput({ ...greyFrame(0), width: 16 }))).toBe('FRAME_SIZE_INVALID')
    await p.close()
  })

  it('refuses unknown models at creation with MODEL_UNKNOWN', async () => {
    expect(
      await errorCode(() =>
        AiFrameProcessor.create({
          runtime,
          spec: { width: W, height: H, stages: [{ model: 'builtin:nope' }] },
        }),
      ),
    ).toBe('MODEL_UNKNOWN')
  })
})
