/**
 * The plug points other parts build on, exercised over real WebRTC:
 * - a frame pipeline kind (the AI plug point) with a real per-pixel stage and control messages;
 * - the payments hook gating output until released.
 */
import {
  defineFramePipelineKind,
  type FrameStage,
  type PaymentsHandler,
  type RunningOrchestrator,
  type VideoFrame,
} from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

/** Inverts every RGB byte while `invert` is true; `update` messages toggle it. */
class InvertStage implements FrameStage {
  invert = true
  framesIn = 0
  totalMs = 0
  processInput(frame: VideoFrame): VideoFrame[] {
    const t0 = performance.now()
    this.framesIn++
    if (!this.invert) return [frame]
    const out = new Uint8Array(frame.data.length)
    for (let i = 0; i < out.length; i++) out[i] = 255 - frame.data[i]!
    this.totalMs += performance.now() - t0
    return [{ ...frame, data: out }]
  }
  handleControl(message: unknown): void {
    const m = message as { type?: string; params?: { invert?: boolean } }
    if (m.type === 'update' && typeof m.params?.invert === 'boolean') this.invert = m.params.invert
  }
  toJSON() {
    return {
      name: 'invert',
      framesIn: this.framesIn,
      framesOut: this.framesIn,
      meanMs: this.totalMs / Math.max(1, this.framesIn),
    }
  }
}

const invertKind = defineFramePipelineKind<{ kind: 'invert' }>({
  kind: 'invert',
  decodeSpec: () => ({ kind: 'invert' }),
  frameFormat: () => 'rgb24',
  frameSize: () => ({ width: 320, height: 240 }),
  createStage: (_spec, ctx) => {
    ctx.sendControlEvent({ v: 1, type: 'ready', model: 'invert' })
    return new InvertStage()
  },
  describe: () => ({ kind: 'ai' }),
})

/** A stage slower than real time (150 ms per frame at 30 fps input) to overload the pipeline. */
const slowKind = defineFramePipelineKind<{ kind: 'slow' }>({
  kind: 'slow',
  decodeSpec: () => ({ kind: 'slow' }),
  frameFormat: () => 'i420',
  frameSize: () => ({ width: 160, height: 120 }),
  createStage: () => {
    let n = 0
    return {
      processInput: async (f: VideoFrame) => {
        n++
        await new Promise((r) => setTimeout(r, 150))
        return [f]
      },
      toJSON: () => ({ name: 'slow', framesIn: n, framesOut: n, meanMs: 150 }),
    }
  },
  describe: () => ({ kind: 'ai' }),
})

let node: RunningOrchestrator
beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { pipelineKinds: [invertKind, slowKind], maxQueuedFrames: 2 },
  })
})
afterAll(async () => {
  await node?.close()
  await expectNoFfmpegLeft()
})

/** Mean of the Y plane of an I420 frame. */
function meanLuma(f: { width: number; height: number; data: Buffer }): number {
  let s = 0
  const n = f.width * f.height
  for (let i = 0; i < n; i++) s += f.data[i]!
  return s / n
}

describe('frame pipeline kind (AI plug point)', () => {
  it('runs the stage on decoded frames and applies control updates', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'inv',
      pipeline: { kind: 'invert' },
      source: { type: 'testsrc', width: 320, height: 240, durationSec: 8 },
    })
    try {
      const lumas: number[] = []
      client.on('frame', (f) => lumas.push(meanLuma(f)))
      await client.waitForFrames(20, 20_000).catch((err: Error) => {
        // say where the frames stopped (diagnostics for a rare stall under heavy machine load)
        const s = node.orchestrator.getSessionByStream('inv')?.toJSON()
        throw new Error(`${err.message}; session: ${JSON.stringify(s ?? 'closed')}`)
      })
      expect([client.stats.width, client.stats.height]).toEqual([320, 240])
      const inverted = lumas.slice(-5).reduce((a, b) => a + b, 0) / 5
      await client.sendControl({ v: 1, type: 'update', stage: 0, params: { invert: false } })
      const mark = client.stats.framesDecoded
      await client.waitForFrames(mark + 20, 20_000)
      const plain = lumas.slice(-5).reduce((a, b) => a + b, 0) / 5
      // inverting RGB maps limited-range luma Y to about 251 - Y
      expect(Math.abs(inverted + plain - 251)).toBeLessThan(15)
      expect(Math.abs(inverted - plain)).toBeGreaterThan(5)
      expect(client.controlLog).toContainEqual({ v: 1, type: 'ready', model: 'invert' })
      const stats = node.orchestrator.getSessionByStream('inv')!.toJSON()
      expect(stats.pipeline.stages[0]).toMatchObject({ name: 'invert' })
      expect(stats.pipeline.pixelsOut).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
  })
})

describe('bounded queue', () => {
  it('drops and counts frames when the stage is slower than the input, without falling behind', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'slow',
      pipeline: { kind: 'slow' },
      decode: false,
      source: { type: 'testsrc', width: 160, height: 120, durationSec: 4 },
    })
    try {
      await client.sourceDone()
      await new Promise((r) => setTimeout(r, 500))
      const p = node.orchestrator.getSessionByStream('slow')!.toJSON().pipeline
      expect(p.framesIn).toBeGreaterThan(30)
      expect(p.framesDropped).toBeGreaterThan(p.framesIn / 2)
      expect(p.framesOut + p.framesDropped).toBeLessThanOrEqual(p.framesIn)
      // at most the queue (2) plus the frame in the stage are waiting
      expect(p.framesIn - p.framesOut - p.framesDropped).toBeLessThanOrEqual(3)
      const metrics = await (await fetch(`${node.url}/metrics`)).text()
      expect(metrics).toMatch(/prism_frame_drops_total\{reason="queue"\} [1-9]/)
    } finally {
      await client.close()
    }
  })
})

describe('payments hook', () => {
  it('gates output until the manager releases it, and sees pixels and the close', async () => {
    const calls: string[] = []
    let pixels = 0
    const payments: PaymentsHandler = {
      handleSessionStart: (s) => {
        calls.push(`start:${s.streamId}:${s.expectedPixelsPerSecond > 0}`)
        s.setOutputPaused(true, 'awaiting prepayment')
      },
      handlePaymentMessage: (s, msg) => {
        calls.push('payment')
        if (typeof msg === 'string' && JSON.parse(msg).type === 'prepay') s.setOutputPaused(false, 'prepaid')
      },
      handleOutputPixels: (_s, p) => {
        pixels += p
      },
      handleSessionClose: () => {
        calls.push('close')
      },
    }
    node.orchestrator.setPayments(payments)
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'paid',
      source: { type: 'testsrc', width: 320, height: 240, durationSec: 6 },
    })
    try {
      const controls: Record<string, unknown>[] = []
      client.on('control', (e) => controls.push(e))
      await new Promise((r) => setTimeout(r, 1500))
      expect(client.stats.framesReceived).toBe(0)
      expect(pixels).toBe(0)
      await client.payment.opened()
      client.payment.send(JSON.stringify({ type: 'prepay' }))
      await client.waitForFrames(20, 10_000)
      expect(pixels).toBeGreaterThan(0)
      expect(controls).toContainEqual({ v: 1, type: 'resumed', reason: 'prepaid' })
      expect(node.orchestrator.getSessionByStream('paid')!.toJSON().pipeline.framesDropped).toBeGreaterThan(0)
    } finally {
      await client.close()
      node.orchestrator.setPayments(undefined)
    }
    expect(calls).toEqual(['start:paid:true', 'payment', 'close'])
  })
})
