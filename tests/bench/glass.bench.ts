/**
 * `npm run bench:glass`: glass-to-glass latency in Chromium. A page draws frame-stamped canvas
 * video at 512x512, streams it over WHIP to a local orchestrator, and reads the stamps back from
 * the returned video: per-frame round trip p50/p95 through `passthrough` (the raw baseline,
 * measured in the same run) and through a 2-stage AI chain, and the latency the chain adds.
 */
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, passthroughKind, startOrchestrator } from '@prism/node'
import { launchChromium, startWebApp } from '../e2e/web/webApp.ts'

type GlassResult = { sent: number; received: number; p50: number; p95: number; error?: string }
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

// A free orchestrator (no payments) with passthrough and the ai pipeline (onnxruntime-node).
const orch = await startOrchestrator({
  httpAddr: 'http://127.0.0.1:0',
  orchestrator: {
    pipelineKinds: [
      passthroughKind,
      createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) }),
    ] as never,
  },
})
const app = await startWebApp(undefined)
const browser = await launchChromium()
try {
  async function run(name: string, pipeline: unknown): Promise<GlassResult> {
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
    return r
  }
  const base = await run('passthrough', { version: 1, kind: 'passthrough' })
  const ai = await run('ai sepia+sharpen 512x512', AI_CHAIN)
  if (!ai.error && !base.error) {
    console.log(
      `added by the AI chain: p50 +${(ai.p50 - base.p50).toFixed(1)} ms, p95 +${(ai.p95 - base.p95).toFixed(1)} ms; ratio p50 ${(ai.p50 / base.p50).toFixed(2)}x`,
    )
  }
} finally {
  await browser.close()
  await app.close()
  await orch.close()
}
