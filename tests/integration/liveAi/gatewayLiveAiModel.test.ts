/**
 * Live AI through the Prism gateway against a Prism orchestrator running the real model chain
 * (`liveRunnerFactory`: MPEG-TS decoded, frames through `builtin:sepia` on onnxruntime, encoded
 * back), off chain. ffmpeg pushes a still picture (SMPTE bars) over RTMP; the gateway starts the
 * job, publishes 1 s segments over trickle and serves the output as the HLS rendition `ai`.
 *
 * Pixel check: the frames decoded from the gateway's output are compared with the same chain run
 * here on the input frame (bars through the same H.264 encode), at the size the runner's chain
 * runs at (320×180 is not a multiple of 8: 320×184): they match it far better than they match the
 * input. Then a parameter update through the gateway (`strength` 0) turns the model off
 * and the output comes back close to the input.
 */
import { spawn } from 'node:child_process'
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, type RunningOrchestrator } from '@prism/node'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { runFfmpegJob } from '../../../apps/node/src/media/ffmpeg/runFfmpegJob.ts'
import { AiFrameProcessor } from '../../../apps/node/src/orchestrator/compute/AiFrameProcessor.ts'
import { liveRunnerFactory } from '../../../apps/node/src/orchestrator/compute/LiveRunner.ts'
import {
  chainSize,
  decodeSegment,
  probeSegment,
} from '../../../apps/node/src/orchestrator/compute/LiveSegmentCodec.ts'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'

const MODEL = 'builtin:sepia'
const W = 320
const H = 180
const FPS = 15
/** The size the chain runs at (and frames are compared at). */
const C = chainSize({ width: W, height: H })
const SOURCE = `smptebars=size=${W}x${H}:rate=${FPS}`
const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(FPS), '-keyint_min', String(FPS)]
const runtime = createNodeRuntime({ log: () => {} })

/** Pushes the still source over RTMP in real time for `seconds`. */
function publishBars(url: string, seconds: number): Promise<number | null> {
  const args = ['-hide_banner', '-v', 'error', '-re', '-f', 'lavfi', '-i', SOURCE, '-t', String(seconds)]
  const child = spawn('ffmpeg', [...args, ...X264, '-pix_fmt', 'yuv420p', '-f', 'flv', url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return new Promise((resolve) => child.on('close', (code) => resolve(code)))
}

/** The input frame as the orchestrator sees it: the bars through the same H.264 encode, decoded. */
async function inputFrame(): Promise<Uint8Array> {
  const { stdout } = await runFfmpegJob('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', SOURCE, '-t', '1', ...X264],
    ...['-pix_fmt', 'yuv420p', '-f', 'mpegts', 'pipe:1'],
  ])
  const frames = await decodeSegment(stdout, C.width, C.height)
  return frames[Math.floor(frames.length / 2)]!
}

/** The chain run here on one frame at `strength`. */
async function localChain(frame: Uint8Array, strength: number): Promise<Uint8Array> {
  const chain = await AiFrameProcessor.create({
    runtime: await runtime,
    spec: { ...C, stages: [{ model: MODEL, params: { strength } }] },
  })
  const [out] = await chain.processInput({ format: 'rgb24', ...C, pts: 0, index: 0, data: frame })
  await chain.close()
  return out!.data
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / a.length
}

/** Mean of (R, G, B) over a frame. */
function meanRgb(f: Uint8Array): [number, number, number] {
  const s = [0, 0, 0]
  for (let i = 0; i < f.length; i++) s[i % 3]! += f[i]!
  const n = f.length / 3
  return [s[0]! / n, s[1]! / n, s[2]! / n]
}

describe('live AI through the gateway on the real model chain (off chain)', () => {
  let node: RunningOrchestrator
  let gateway: Gateway
  let ingest: RtmpSegmenter
  let app: FastifyInstance
  let gwBase: string
  const swaps: string[] = []

  beforeAll(async () => {
    node = await startTestOrchestrator({
      orchestrator: { nvidia: false, pipelineKinds: [createAiPipelineKind({ runtime })] },
      aiModels: [MODEL],
      live: { runner: liveRunnerFactory({ runtime }) },
    })
    gateway = new Gateway({
      orchAddrs: [node.url],
      profiles: [],
      liveAi: { modelId: MODEL, params: { strength: 1 } },
    })
    gateway.pool.add([node.url])
    gateway.liveAi?.on('swap', (e) => swaps.push(e.reason))
    app = await buildGatewayServer(gateway, { segmentSeconds: 1 })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const a = app.server.address()
    gwBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    ingest = new RtmpSegmenter({ port: await freePort(), segmentSeconds: 1 })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    await ingest.start()
  }, 60_000)

  afterAll(async () => {
    await ingest?.close()
    await gateway?.liveAi?.close()
    await app?.close()
    await node?.close()
    await expectNoFfmpegLeft(10_000)
  })

  it('returns the model output (pixels as the chain computes them) and applies a parameter update', async () => {
    const pub = publishBars(ingest.url('cam'), 16)
    const input = await inputFrame()
    const sepia = await localChain(input, 1)
    // the model changes the picture a lot: bars become brownish (R > G > B on average)
    expect(meanAbsDiff(sepia, input)).toBeGreaterThan(20)

    const segments = async () => {
      const pl = await (await fetch(`${gwBase}/live/cam/hls/ai/index.m3u8`)).text()
      return pl.split('\n').filter((l) => l.endsWith('.ts'))
    }
    const waitSegments = async (count: number) => {
      for (let i = 0; i < 400 && (await segments().catch(() => [])).length < count; i++)
        await new Promise((r) => setTimeout(r, 100))
      return segments()
    }
    const frames = async (name: string) => {
      const ts = new Uint8Array(await (await fetch(`${gwBase}/live/cam/hls/ai/${name}`)).arrayBuffer())
      const probe = await probeSegment(ts)
      // the output has the input's size
      expect([probe.width, probe.height]).toEqual([W, H])
      return decodeSegment(ts, C.width, C.height)
    }

    // the output frames are the chain's: every frame close to sepia(input), far from the input
    const first = await waitSegments(2)
    expect(first.length).toBeGreaterThanOrEqual(2)
    const out = await frames(first[1]!)
    expect(out.length).toBeGreaterThanOrEqual(FPS - 1)
    for (const f of out) {
      const vsModel = meanAbsDiff(f, sepia)
      expect(vsModel).toBeLessThan(meanAbsDiff(f, input) / 3)
      expect(vsModel).toBeLessThan(8)
    }
    const [r, g, b] = meanRgb(out[0]!)
    expect(r).toBeGreaterThan(g)
    expect(g).toBeGreaterThan(b)

    // strength 0 through the gateway's update route: within a few segments the output is the input
    const res = await fetch(`${gwBase}/live/cam/update`, {
      method: 'POST',
      body: '{"params":{"strength":0}}',
    })
    expect(res.status).toBe(200)
    const n = (await segments()).length
    const later = await waitSegments(n + 3)
    expect(later.length).toBeGreaterThanOrEqual(n + 3)
    const off = await frames(later[later.length - 1]!)
    for (const f of off) expect(meanAbsDiff(f, input)).toBeLessThan(meanAbsDiff(f, sepia) / 3)

    expect(await pub).toBe(0)
    expect(swaps).toEqual([])
  }, 120_000)
})
