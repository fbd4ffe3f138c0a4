/**
 * Fan-out: 50 headless WHEP viewers (werift) on one passthrough stream all receive frames, counted
 * per worker in /metrics; when they leave, and when the stream ends, the workers hold nothing.
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { type WhepTestViewer, watch } from './whepViewer.ts'

const VIEWERS = 50
let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { maxSessions: 1, mediaPlane: { workers: 2, maxViewers: VIEWERS } },
  })
})
afterAll(async () => {
  await node?.close()
})

it(`${VIEWERS} WHEP viewers of one stream all receive frames`, { timeout: 180_000 }, async () => {
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'crowd',
    source: { type: 'testsrc', width: 160, height: 120, durationSec: 120 },
  })
  const viewers: WhepTestViewer[] = []
  try {
    // in batches, as a crowd arrives; every POST is answered 201
    for (let i = 0; i < VIEWERS; i += 10)
      viewers.push(...(await Promise.all(Array.from({ length: 10 }, () => watch(node.url, 'crowd')))))
    expect(viewers.filter((v) => v.status !== 201)).toEqual([])
    await Promise.all(viewers.map((v) => v.waitForFrames(15, 90_000)))
    expect(viewers.every((v) => v.frames() >= 15)).toBe(true)
    expect(node.orchestrator.mediaPlane!.viewerCount()).toBe(VIEWERS)
    const metrics = await (await fetch(`${node.url}/metrics`)).text()
    const perWorker = [...metrics.matchAll(/^prism_mediasoup_viewers\{worker="\d"\} (\d+)$/gm)].map((m) =>
      Number(m[1]),
    )
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(VIEWERS)
    expect(metrics).toMatch(/^prism_mediasoup_worker_cpu_seconds\{worker="0"\} [\d.]+$/m)
    // the 51st is refused
    const extra = await watch(node.url, 'crowd')
    expect([extra.status, extra.error?.code]).toEqual([503, 'WHEP_VIEWER_LIMIT'])
  } finally {
    const statuses = await Promise.all(viewers.map((v) => v.close()))
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(node.orchestrator.mediaPlane!.viewerCount()).toBe(0)
    await client.close()
  }
  await expect
    .poll(async () => (await node.orchestrator.mediaPlane!.pool.dump()).flatMap((w) => w.routers).length)
    .toBe(0)
})
