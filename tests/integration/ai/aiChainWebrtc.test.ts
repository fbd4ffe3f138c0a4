/**
 * A 3-stage `ai` chain over real WebRTC (werift on 127.0.0.1) with the headless WHIP client,
 * real ffmpeg decode/encode and onnxruntime-node (CPU): the returned frames are warmed by sepia,
 * an `update` on the control channel changes the output, a stage switch loads in the background
 * (`loading` then `ready`) without interrupting the stream, and bad specs or models are refused
 * with their codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodeRuntime } from '@prism/gpu/node'
import { GraphBuilder } from '@prism/gpu/onnx'
import { aiInfoContributor, createAiPipelineKind, type RunningOrchestrator } from '@prism/node'
import { decodeOrchestratorInfo, type OrchestratorInfo } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

const W = 160
const H = 120

let node: RunningOrchestrator
let dir: string

/** Mean of Cr minus mean of Cb over an I420 frame: positive = warm (red/yellow), negative = cool. */
function warmth(frame: { width: number; height: number; data: Uint8Array }): number {
  const plane = frame.width * frame.height
  const chroma = (frame.width >> 1) * (frame.height >> 1)
  let u = 0
  let v = 0
  for (let i = 0; i < chroma; i++) {
    u += frame.data[plane + i]!
    v += frame.data[plane + chroma + i]!
  }
  return (v - u) / chroma
}

const spec = (strength: number) => ({
  version: 1,
  kind: 'ai',
  width: W,
  height: H,
  stages: [
    { model: 'builtin:sepia', params: { strength } },
    { model: 'builtin:blur', params: { radius: 1 } },
    { model: 'builtin:sharpen', params: { amount: 0.5 } },
  ],
})

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prism-ai-'))
  const runtime = createNodeRuntime({ log: () => {} })
  node = await startTestOrchestrator({
    orchestrator: {
      pipelineKinds: [createAiPipelineKind({ runtime, statsEveryFrames: 15 })],
      maxSessions: 2,
    },
    server: { infoContributors: [aiInfoContributor] },
  })
})

afterAll(async () => {
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
  await expectNoFfmpegLeft()
})

describe('ai chain over WebRTC', () => {
  it('lists the built-in models with parameter ranges and the ai pipeline (an /info document that validates)', async () => {
    const base = {
      version: 1 as const,
      address: '0x0000000000000000000000000000000000000000',
      serviceURI: node.url,
      nodeVersion: 'test',
      price: { pricePerUnit: '1', pixelsPerUnit: '1' },
      capabilities: [],
      capabilityBitstring: [],
      pipelines: node.orchestrator.pipelineKinds.map((k) => k.describe()) as OrchestratorInfo['pipelines'],
      models: [],
      capacity: { maxSessions: 2, sessions: 0 },
      encoder: 'libx264',
    }
    const added = await aiInfoContributor(base, { request: {} as never })
    const info = decodeOrchestratorInfo({ ...base, ...added })
    expect(info.pipelines.map((p) => p.kind)).toContain('ai')
    const toon = info.models.find((m) => m.id === 'builtin:toon')
    expect(toon?.params.map((p) => [p.name, p.min, p.max])).toEqual([
      ['strength', 0, 1],
      ['levels', 2, 16],
    ])
    expect(info.models.length).toBeGreaterThanOrEqual(6)
  })

  it('returns sepia-warmed frames, applies an update, and switches a stage without a stall', async () => {
    const frames: { at: number; warmth: number }[] = []
    const events: Record<string, unknown>[] = []
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'ai-chain',
      pipeline: spec(1),
      source: { type: 'testsrc', width: 320, height: 240, fps: 15, durationSec: 30 },
    })
    try {
      client.on('frame', (f) => frames.push({ at: Date.now(), warmth: warmth(f) }))
      client.on('control', (e) => events.push(e))
      /** Waits until `n` more frames arrived (frame events). */
      const moreFrames = async (n: number) => {
        const target = frames.length + n
        const until = Date.now() + 60_000
        while (frames.length < target && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
        expect(frames.length).toBeGreaterThanOrEqual(target)
      }
      await moreFrames(20)
      expect([client.stats.width, client.stats.height]).toEqual([W, H])

      // Sepia at full strength: every returned frame is strongly warm.
      const warm = frames.slice(-10).map((f) => f.warmth)
      for (const w of warm) expect(w).toBeGreaterThan(20)

      // update: strength 0 -> the frames go back to the testsrc colours (near-neutral balance).
      const beforeUpdate = frames.length
      await client.sendControl({ v: 1, type: 'update', stage: 0, params: { strength: 0 } })
      await moreFrames(15)
      const after = frames.slice(beforeUpdate)
      const firstChanged = after.findIndex((f) => f.warmth < 10)
      expect(firstChanged).toBeGreaterThanOrEqual(0)
      console.info(`[ai] update visible after ${firstChanged + 1} returned frame(s)`)
      // The processor applies it on the next frame it runs (AiFrameProcessor.test.ts). Frames
      // already past that point when the message arrived come back unchanged: up to 2 in the
      // node's bounded queue, 1 in the chain, and those inside the encoder, the network and the
      // client's decoder (measured: 2 to 4).
      expect(firstChanged + 1).toBeLessThanOrEqual(6)
      for (const f of after.slice(firstChanged)) expect(f.warmth).toBeLessThan(10)

      // setStage: swap blur for pixelate; loading then ready, frames keep coming meanwhile.
      const beforeSwap = frames.length
      await client.sendControl({
        v: 1,
        type: 'setStage',
        stage: 1,
        model: 'builtin:pixelate',
        params: { block: 8 },
      })
      const until = Date.now() + 20_000
      while (!events.some((e) => e.type === 'ready' && e.stage === 1) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50))
      }
      const swapEvents = events.filter((e) => e.stage === 1).map((e) => e.type)
      expect(swapEvents).toEqual(['loading', 'ready'])
      await moreFrames(15)
      const around = frames.slice(Math.max(0, beforeSwap - 1))
      const gaps = around.slice(1).map((f, i) => f.at - around[i]!.at)
      console.info(`[ai] largest gap between returned frames around the swap: ${Math.max(...gaps)} ms`)
      expect(around.length).toBeGreaterThan(15)
      const session = node.orchestrator.getSessionByStream('ai-chain')!
      expect(session.closed).toBe(false)
      const stats = session.toJSON().pipeline.stages[0] as unknown as {
        name: string
        chain: { stages: unknown[] }
      }
      expect(stats.name).toBe('ai:builtin:sepia>builtin:pixelate>builtin:sharpen')
      // /metrics: per-model latency of each chain stage, and the stage's output fps.
      const metrics = await (await fetch(`${node.url}/metrics`)).text()
      for (const m of ['0:builtin:sepia', '1:builtin:pixelate', '2:builtin:sharpen'])
        expect(metrics).toMatch(new RegExp(`prism_stage_latency_ms\\{[^}]*stage="[^"]*/${m}"\\} [0-9.]+`))
      expect(metrics).toMatch(/prism_stage_fps\{[^}]*kind="ai"[^}]*\} [0-9.]+/)
      // per-step histograms of the frame path (decode, queue, conversions, inference, encoder)
      const stepMean = (step: string) => {
        const sum = new RegExp(`prism_frame_step_seconds_sum\\{kind="ai",step="${step}"\\} (\\S+)`).exec(
          metrics,
        )
        const n = new RegExp(`prism_frame_step_seconds_count\\{kind="ai",step="${step}"\\} (\\S+)`).exec(
          metrics,
        )
        return sum && n ? `${step} ${((Number(sum[1]) / Number(n[1])) * 1000).toFixed(1)}` : `${step} -`
      }
      console.info(
        `[ai] mean ms per frame step: ${['decode', 'queue', 'to_tensor', 'infer', 'from_tensor', 'encode_write', 'encode'].map(stepMean).join(', ')}`,
      )
      for (const step of ['decode', 'queue', 'to_tensor', 'infer', 'from_tensor', 'encode_write', 'encode'])
        expect(metrics).toMatch(
          new RegExp(`prism_frame_step_seconds_count\\{kind="ai",step="${step}"\\} [1-9][0-9]*`),
        )
      expect(stats.chain.stages).toHaveLength(3)
      expect(events.some((e) => e.type === 'stats')).toBe(true)
    } finally {
      await client.close()
    }
    await expectNoFfmpegLeft()
  })

  it('refuses an invalid spec, an unknown model, a bad ONNX file and a sha256 mismatch with their codes', async () => {
    const refuse = (pipeline: unknown, streamId: string) =>
      WhipClient.connect({
        url: node.url,
        streamId,
        pipeline,
        source: { type: 'testsrc', width: 64, height: 64 },
      })

    await expect(refuse({ ...spec(1), width: 100 }, 'bad-spec')).rejects.toMatchObject({
      remoteCode: 'PIPELINE_SPEC_INVALID',
    })
    await expect(
      refuse({ ...spec(1), stages: [{ model: 'builtin:nope', params: {} }] }, 'unknown'),
    ).rejects.toMatchObject({
      remoteCode: 'MODEL_UNKNOWN',
    })
    const bad = join(dir, 'bad.onnx')
    writeFileSync(bad, 'not an onnx model')
    await expect(
      refuse({ ...spec(1), stages: [{ model: `file:${bad}`, params: {} }] }, 'bad-onnx'),
    ).rejects.toMatchObject({ remoteCode: 'MODEL_LOAD_FAILED' })
    const good = join(dir, 'invert.onnx')
    const g = new GraphBuilder({ name: 'invert' })
    const x = g.input('x', [1, 3, 'h', 'w'])
    g.output(g.node('Sub', [g.constant([1], []), x]), 'y', [1, 3, 'h', 'w'])
    writeFileSync(good, g.toBytes())
    await expect(
      refuse(
        { ...spec(1), stages: [{ model: `file:${good}`, params: {}, sha256: 'a'.repeat(64) }] },
        'bad-sha',
      ),
    ).rejects.toMatchObject({ remoteCode: 'MODEL_SHA256_MISMATCH' })
    await expect(
      refuse({ ...spec(1), stages: [{ model: 'builtin:blur', params: { radius: 100 } }] }, 'bad-param'),
    ).rejects.toMatchObject({ remoteCode: 'MODEL_PARAM_INVALID' })
    expect(node.orchestrator.sessions).toHaveLength(0)
  })
})
