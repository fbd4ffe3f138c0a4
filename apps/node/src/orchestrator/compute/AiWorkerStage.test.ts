/**
 * The `ai` stage on a pooled worker thread (real onnxruntime-node CPU provider in the worker): the
 * same pixels as the in-process processor, the pixel buffer handed over, control messages in order
 * with frames and their events, errors with their codes, statistics; the pool lends a thread per
 * stage, takes it back idle on close, and ends every thread when closed.
 */
import { createNodeRuntime } from '@prism/gpu/node'
import type { BaseError, ControlEvent } from '@prism/protocol'
import { afterAll, describe, expect, it } from 'vitest'
import { AiFrameProcessor } from './AiFrameProcessor.ts'
import type { AiFrame } from './AiFrameProcessorTypes.ts'
import { AiWorkerPool } from './AiWorkerPool.ts'
import { AiWorkerStage } from './AiWorkerStage.ts'

const W = 32
const H = 24
const spec = {
  width: W,
  height: H,
  stages: [
    { model: 'builtin:sepia', params: { strength: 1 } },
    { model: 'builtin:sharpen', params: { amount: 0.5 } },
  ],
}

/** A frame with a gradient, so that every model changes it. */
function frame(index: number): AiFrame {
  const data = new Uint8Array(W * H * 3)
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + index * 13) % 256
  return { format: 'rgb24', width: W, height: H, pts: index * 33, index, data }
}

async function errorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
  } catch (err) {
    return (err as BaseError).code
  }
  return 'none'
}

describe('AiWorkerStage', () => {
  const pool = new AiWorkerPool({ spare: 1 })
  afterAll(() => pool.close())

  it('returns the pixels the in-process processor computes, and hands the input buffer over', async () => {
    const local = await AiFrameProcessor.create({
      runtime: await createNodeRuntime({ log: () => {} }),
      spec,
      statsEveryFrames: 0,
    })
    const stage = await AiWorkerStage.create({ pool, spec, statsEveryFrames: 0 })
    try {
      for (let i = 0; i < 3; i++) {
        const [want] = await local.processInput(frame(i))
        const input = frame(i)
        const [got] = await stage.processInput(input)
        expect(input.data.byteLength).toBe(0) // transferred to the worker
        expect(got!.index).toBe(i)
        expect(got!.width).toBe(W)
        expect(Buffer.compare(Buffer.from(got!.data), Buffer.from(want!.data))).toBe(0)
      }
      const stats = stage.toJSON()
      expect(stats.framesIn).toBe(3)
      expect(stats.framesOut).toBe(3)
      expect(stats.name).toBe('ai:builtin:sepia>builtin:sharpen')
      expect(stats.substages).toHaveLength(2)
      expect(stage.lastFrameSteps.infer).toBeGreaterThan(0)
    } finally {
      await local.close()
      await stage.close()
    }
  })

  it('applies control messages in order with frames and forwards their events', async () => {
    const events: ControlEvent[] = []
    const stage = await AiWorkerStage.create({
      pool,
      spec,
      statsEveryFrames: 2,
      sendControlEvent: (e) => events.push(e),
    })
    try {
      const [before] = await stage.processInput(frame(0))
      await stage.handleControl({ v: 1, type: 'update', stage: 0, params: { strength: 0 } })
      const [after] = await stage.processInput(frame(0))
      expect(Buffer.compare(Buffer.from(before!.data), Buffer.from(after!.data))).not.toBe(0)
      expect(events.some((e) => e.type === 'stats')).toBe(true)

      await stage.handleControl({ v: 1, type: 'setStage', stage: 1, model: 'builtin:toon', params: {} })
      await expect.poll(() => events.some((e) => e.type === 'ready'), { timeout: 20_000 }).toBe(true)
      expect(events.find((e) => e.type === 'loading')).toMatchObject({ stage: 1, model: 'builtin:toon' })

      expect(
        await errorCode(() => stage.handleControl({ v: 1, type: 'setPipeline', pipeline: {} } as never)),
      ).toBe('AI_CONTROL_UNSUPPORTED')
      expect(await errorCode(() => stage.processInput({ ...frame(1), width: W * 2 }))).toBe(
        'FRAME_SIZE_INVALID',
      )
      // the stage goes on after an error
      const [next] = await stage.processInput(frame(2))
      expect(next!.data.length).toBe(W * H * 3)
    } finally {
      await stage.close()
    }
  })

  it('fails to start with the chain error, and refuses frames once closed; the thread goes back', async () => {
    expect(
      await errorCode(() =>
        AiWorkerStage.create({ pool, spec: { width: W, height: H, stages: [{ model: 'builtin:nope' }] } }),
      ),
    ).toBe('MODEL_UNKNOWN')
    expect(pool.counts.lent).toBe(0)
    const stage = await AiWorkerStage.create({ pool, spec })
    expect(pool.counts.lent).toBe(1)
    await stage.close()
    await stage.close() // idempotent
    expect(pool.counts.lent).toBe(0)
    expect(await errorCode(() => stage.processInput(frame(0)))).not.toBe('none')
    // two stages at once get two threads; both come back, one stays idle (spare 1)
    const [a, b] = await Promise.all([
      AiWorkerStage.create({ pool, spec }),
      AiWorkerStage.create({ pool, spec }),
    ])
    expect(pool.counts.lent).toBe(2)
    const [fa] = await a.processInput(frame(1))
    const [fb] = await b.processInput(frame(1))
    expect(Buffer.compare(Buffer.from(fa!.data), Buffer.from(fb!.data))).toBe(0)
    await Promise.all([a.close(), b.close()])
    expect(pool.counts.lent).toBe(0)
    expect(pool.counts.idle).toBeLessThanOrEqual(1)
  })

  it('ends every thread when the pool closes, and lends none after', async () => {
    const own = new AiWorkerPool({ spare: 1 })
    const stage = await AiWorkerStage.create({ pool: own, spec })
    await own.close()
    expect(own.counts).toEqual({ lent: 0, idle: 0, starting: 0 })
    expect(await errorCode(() => stage.processInput(frame(0)))).toBe('AI_WORKER_EXITED')
    expect(await errorCode(() => AiWorkerStage.create({ pool: own, spec }))).toBe('AI_WORKER_EXITED')
  })
})
