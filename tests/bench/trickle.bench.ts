/**
 * bench:trickle — live AI over trickle (go-livepeer's live-video-to-video): frames in to frames out
 * through gateway → trickle → orchestrator → model chain → trickle → gateway, against the same
 * chain over WHIP and against a raw ModelChain loop, all measured in the same run.
 *
 * - clip: `--seconds` of testsrc2 WxH at `--fps`, cut ahead of time into 1 s MPEG-TS segments (a
 *   keyframe each, as the gateway's ingest cuts them).
 * - orchestrator: in process, the real live runner (`liveRunnerFactory`: MPEG-TS decoded, frames
 *   through `builtin:sepia` on onnxruntime-node, encoded back) and the `ai` pipeline for WHIP.
 * - trickle latency: the in-process Gateway (off chain, live AI with the model) starts the job with
 *   a warm-up segment (the chain loads), then gets segment k at t0 + (k+1) s, when its last frame would have been captured in real time; frame j (captured at
 *   t0 + j/fps) is out when the output segment holding it reaches the gateway. Per-frame latency,
 *   p50/p95; it includes waiting for the segment to fill (the protocol's unit is a segment).
 *   Also printed: the per-segment turnaround (output arrival − segment handed over).
 * - WHIP latency: the headless WHIP client (werift) streams testsrc2 of the same size and rate to
 *   the same orchestrator with an `ai` pipeline of the same chain; per-frame RTP round trip (the
 *   returned frame carries its input frame's RTP timestamp), as bench:latency measures it.
 * - fps: trickle: segments handed as fast as the job returns them (at most 2 in flight), output
 *   frames (one per input frame) per second of wall time; raw: `ModelChain.run` on the clip's
 *   frames (NCHW float32, converted beforehand) in a loop in this process.
 *
 * Usage: npm run bench:trickle [-- --seconds 10 --width 640 --height 360 --fps 30]
 */
import { parseArgs } from 'node:util'
import { ModelChain } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { Gateway } from '../../apps/node/src/gateway/Gateway.ts'
import { runFfmpegJob } from '../../apps/node/src/media/ffmpeg/runFfmpegJob.ts'
import { liveRunnerFactory } from '../../apps/node/src/orchestrator/compute/LiveRunner.ts'
import { decodeSegment } from '../../apps/node/src/orchestrator/compute/LiveSegmentCodec.ts'
import { createAiPipelineKind } from '../../apps/node/src/orchestrator/pipelines/aiPipelineKind.ts'
import { startTestOrchestrator } from '../helpers/orchestrator.ts'
import { WhipClient } from '../helpers/whip/WhipClient.ts'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    width: { type: 'string', default: '640' },
    height: { type: 'string', default: '360' },
    fps: { type: 'string', default: '30' },
  },
})
const SECONDS = Number(values.seconds)
const W = Number(values.width)
const H = Number(values.height)
const FPS = Number(values.fps)
const MODEL = 'builtin:sepia'
const PARAMS = { strength: 1 }

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

/** The clip as 1 s MPEG-TS segments, each starting with a keyframe, on one timeline. */
async function makeSegments(): Promise<Uint8Array[]> {
  const segments: Uint8Array[] = []
  for (let k = 0; k < SECONDS; k++) {
    const { stdout } = await runFfmpegJob('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=${FPS}:duration=1`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-bf', '0', '-g', String(FPS)],
      ...['-pix_fmt', 'yuv420p', '-output_ts_offset', String(k), '-muxdelay', '0', '-f', 'mpegts', 'pipe:1'],
    ])
    segments.push(stdout)
  }
  return segments
}

const runtime = createNodeRuntime({ log: () => {} })
const node = await startTestOrchestrator({
  monitor: false,
  orchestrator: { nvidia: false, pipelineKinds: [createAiPipelineKind({ runtime })] },
  aiModels: [MODEL],
  live: { runner: liveRunnerFactory({ runtime }) },
})
const gateway = new Gateway({
  orchAddrs: [node.url],
  profiles: [],
  liveAi: { modelId: MODEL, params: PARAMS },
})
gateway.pool.add([node.url])
const arrivals = new Map<string, number[]>()
let errors = 0
gateway.liveAi?.on('output', (e) => {
  const list = arrivals.get(e.stream) ?? []
  list[e.seq] = performance.now()
  arrivals.set(e.stream, list)
})
gateway.liveAi?.on('event', (e) => {
  if ((e.event as { type?: string } | null)?.type === 'error') errors++
})
gateway.liveAi?.on('swap', (e) => console.log(`swap ${e.stream}: ${e.reason}`))

try {
  const segments = await makeSegments()
  const framesPer = FPS
  const provider = (await runtime).info.provider
  console.log(`bench:trickle  ${MODEL} ${W}x${H} ${FPS} fps, ${SECONDS} s, provider ${provider}`)

  // trickle, real time: a warm-up segment (the job starts, the chain loads), then segment k handed
  // over when its last frame is captured (output seq k + 1)
  await gateway.enqueue({ stream: 'rt', seq: 0, data: segments[0]!, durationMs: 1000 })
  const rt = () => arrivals.get('rt') ?? []
  for (let i = 0; i < 600 && rt().filter(Boolean).length < 1; i++) await sleep(50)
  const handed: number[] = []
  const t0 = performance.now()
  for (let k = 0; k < segments.length; k++) {
    await sleep(t0 + (k + 1) * 1000 - performance.now())
    handed[k] = performance.now()
    void gateway.enqueue({ stream: 'rt', seq: k + 1, data: segments[k]!, durationMs: 1000 })
  }
  for (let i = 0; i < 600 && rt().filter(Boolean).length < segments.length + 1; i++) await sleep(100)
  const trickleFrames: number[] = []
  const turnaround: number[] = []
  rt()
    .slice(1)
    .forEach((at, k) => {
      if (at === undefined) return
      turnaround.push(at - handed[k]!)
      for (let i = 0; i < framesPer; i++) trickleFrames.push(at - (t0 + (k * framesPer + i) * (1000 / FPS)))
    })
  await gateway.endStream('rt')

  // WHIP: the same chain as an `ai` pipeline, the same source size and rate
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'whip-bench',
    pipeline: { version: 1, kind: 'ai', width: W, height: H, stages: [{ model: MODEL, params: PARAMS }] },
    decode: false,
    source: { type: 'testsrc', width: W, height: H, fps: FPS, durationSec: SECONDS },
  })
  await client.sourceDone()
  await sleep(1000)
  const whipFrames = [...client.stats.roundTripsMs]
  await client.close()

  // trickle throughput: as fast as the job returns segments, at most 2 in flight
  const tp0 = performance.now()
  const tp = () => (arrivals.get('tp') ?? []).filter(Boolean).length
  for (let k = 0; k < segments.length; k++) {
    while (k - tp() >= 2) await sleep(5)
    void gateway.enqueue({ stream: 'tp', seq: k, data: segments[k]!, durationMs: 1000 })
  }
  for (let i = 0; i < 600 && tp() < segments.length; i++) await sleep(50)
  const tpLast = Math.max(...(arrivals.get('tp') ?? []).filter(Boolean))
  const trickleFps = (tp() * framesPer * 1000) / (tpLast - tp0)
  await gateway.endStream('tp')

  // raw ModelChain loop on the clip's frames
  const chain = await ModelChain.create(await runtime, {
    width: W,
    height: H,
    stages: [{ model: MODEL, params: PARAMS }],
  })
  const rgb = (await Promise.all(segments.map((s) => decodeSegment(s, W, H)))).flat()
  const plane = W * H
  const inputs = rgb.map((f) => {
    const t = new Float32Array(3 * plane)
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) t[c * plane + p] = f[p * 3 + c]! / 255
    return t
  })
  const output = new Float32Array(3 * plane)
  for (let i = 0; i < 10; i++) await chain.run(inputs[i % inputs.length]!, output)
  const r0 = performance.now()
  for (const input of inputs) await chain.run(input, output)
  const rawFps = (inputs.length * 1000) / (performance.now() - r0)
  await chain.close()

  const line = (name: string, xs: number[]) =>
    `${name.padEnd(34)} p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${pct(xs, 95).toFixed(1)} ms  (${xs.length} frames)`
  console.log(line('trickle (gateway→orch→gateway)', trickleFrames))
  console.log(
    `${'  per-segment turnaround'.padEnd(34)} p50 ${pct(turnaround, 50).toFixed(1)} ms  p95 ${pct(turnaround, 95).toFixed(1)} ms  (${turnaround.length} of ${segments.length} segments; ${errors} error events)`,
  )
  console.log(`${''.padEnd(34)} (${turnaround.map((t) => t.toFixed(0)).join(' ')} ms)`)
  console.log(line('WHIP (same chain, werift)', whipFrames))
  console.log(
    `added by trickle over WHIP: p50 +${(pct(trickleFrames, 50) - pct(whipFrames, 50)).toFixed(1)} ms, p95 +${(pct(trickleFrames, 95) - pct(whipFrames, 95)).toFixed(1)} ms; ratio p50 ${(pct(trickleFrames, 50) / pct(whipFrames, 50)).toFixed(2)}, p95 ${(pct(trickleFrames, 95) / pct(whipFrames, 95)).toFixed(2)}`,
  )
  console.log(
    `fps: trickle ${trickleFps.toFixed(1)}, raw ModelChain ${rawFps.toFixed(1)}; ratio trickle/raw ${(trickleFps / rawFps).toFixed(3)}`,
  )
} finally {
  await gateway.liveAi?.close()
  await node.close()
}
