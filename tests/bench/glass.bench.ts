/**
 * `npm run bench:glass`: glass-to-glass latency in Chromium. A page draws frame-stamped canvas
 * video at 512x512, streams it over WHIP to a local orchestrator, and reads the stamps back from
 * the returned video: per-frame round trip p50/p95 through `passthrough` (the raw baseline,
 * measured in the same run) and through a 2-stage AI chain, and the latency the chain adds, side by
 * side with where the node spends it: the mean of each frame step of the AI run from the node's
 * `/metrics` (`prism_frame_step_seconds`: decode, queue, to_tensor, infer, from_tensor,
 * encode_write, encode) and the issue's goal, inference + 10 ms. Both runs are made twice: with
 * the WHIP session on werift (an orchestrator without a media plane) and on mediasoup (with one,
 * as `prism orchestrator` runs), and the two planes are compared at the end (`GLASS_PLANES=mediasoup`
 * runs one; `GLASS_SECONDS` sets each run's length, default 15).
 */
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, passthroughKind, startOrchestrator } from '@prism/node'
import type { GlassResult } from '../../apps/web/src/glass/glassMain.ts'
import { launchChromium, startWebApp } from '../e2e/web/webApp.ts'

/** Mean milliseconds of each `ai` frame step in a `/metrics` text (steps without samples left out). */
function stepMeans(metrics: string): Array<[step: string, ms: number]> {
  const out: Array<[string, number]> = []
  for (const step of ['decode', 'queue', 'to_tensor', 'infer', 'from_tensor', 'encode_write', 'encode']) {
    const value = (what: string) =>
      Number(
        new RegExp(`prism_frame_step_seconds_${what}\\{kind="ai",step="${step}"\\} (\\S+)`).exec(
          metrics,
        )?.[1],
      )
    const n = value('count')
    if (n > 0) out.push([step, (value('sum') / n) * 1000])
  }
  return out
}

type Glass = { glassResult?: GlassResult }

const SECONDS = Number(process.env.GLASS_SECONDS ?? 15)
const AI_CHAIN = {
  version: 1,
  kind: 'ai',
  width: 512,
  height: 512,
  stages: [
    { model: 'builtin:sepia', params: {} },
    { model: 'builtin:sharpen', params: {} },
  ],
}

/** A free orchestrator (no payments) with passthrough and the ai pipeline (onnxruntime-node). */
function startNode(plane: 'werift' | 'mediasoup') {
  return startOrchestrator({
    httpAddr: 'http://127.0.0.1:0',
    orchestrator: {
      pipelineKinds: [
        passthroughKind,
        createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) }),
      ] as never,
      // with a media plane the WHIP sessions terminate on mediasoup, without one on werift
      ...(plane === 'mediasoup' ? { mediaPlane: { workers: 1 } } : {}),
    },
  })
}

const app = await startWebApp(undefined)
const browser = await launchChromium()
const results: Record<string, { base: GlassResult; ai: GlassResult }> = {}
try {
  const planes = (process.env.GLASS_PLANES ?? 'werift,mediasoup').split(',') as Array<'werift' | 'mediasoup'>
  for (const plane of planes) {
    const orch = await startNode(plane)
    try {
      const run = async (name: string, pipeline: unknown): Promise<GlassResult> => {
        const page = await browser.newPage()
        const q = new URLSearchParams({
          orchestrator: orch.url,
          pipeline: JSON.stringify(pipeline),
          seconds: String(SECONDS),
        })
        await page.goto(`${app.url}/glass.html?${q}`)
        await page.waitForFunction(() => (window as unknown as Glass).glassResult !== undefined, undefined, {
          timeout: (SECONDS + 60) * 1000,
        })
        const r = (await page.evaluate(() => (window as unknown as Glass).glassResult)) as GlassResult
        await page.close()
        const line = r.error
          ? `${name}: error ${r.error}`
          : `${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.received} of ${r.sent} frames read back)`
        console.log(line)
        const st = r.stats
        if (st)
          console.log(
            `  browser sent ${st.sent.width}x${st.sent.height} at ${st.sent.fps} fps, ${st.sent.kbps} kbps, ${st.sent.keyframes} keyframes (quality limited by ${st.sent.limitation}); NACKs ${st.feedback.nacks}, PLIs ${st.feedback.plis}, retransmitted ${st.feedback.retransmitted}; returned video: ${st.received.decoded} decoded, ${st.received.dropped} dropped, ${st.received.lost} packets lost, jitter buffer ${st.received.jitterBufferMs} ms`,
          )
        return r
      }
      console.log(`\nWHIP on ${plane}`)
      const base = await run('passthrough', { version: 1, kind: 'passthrough' })
      const ai = await run('ai sepia+sharpen 512x512', AI_CHAIN)
      results[plane] = { base, ai }
      if (!ai.error && !base.error) {
        console.log(
          `added by the AI chain: p50 +${(ai.p50 - base.p50).toFixed(1)} ms, p95 +${(ai.p95 - base.p95).toFixed(1)} ms; ratio p50 ${(ai.p50 / base.p50).toFixed(2)}x`,
        )
        const steps = stepMeans(await (await fetch(`${orch.url}/metrics`)).text())
        const infer = steps.find(([s]) => s === 'infer')?.[1]
        console.log(
          `node steps of the AI run, mean ms: ${steps.map(([s, ms]) => `${s} ${ms.toFixed(1)}`).join(', ')}`,
        )
        if (infer !== undefined)
          console.log(
            `added p50 +${(ai.p50 - base.p50).toFixed(1)} ms vs goal inference + 10 = ${(infer + 10).toFixed(1)} ms`,
          )
      }
    } finally {
      await orch.close()
    }
  }
  const w = results.werift
  const m = results.mediasoup
  if (w && m && !w.base.error && !m.base.error && !w.ai.error && !m.ai.error)
    console.log(
      `\nmediasoup vs werift, p50: passthrough ${m.base.p50.toFixed(1)} vs ${w.base.p50.toFixed(1)} ms (ratio ${(m.base.p50 / w.base.p50).toFixed(2)}), ai ${m.ai.p50.toFixed(1)} vs ${w.ai.p50.toFixed(1)} ms (ratio ${(m.ai.p50 / w.ai.p50).toFixed(2)})`,
    )
} finally {
  await browser.close()
  await app.close()
}
