/**
 * A stream whose viewers exceed one worker's share spills onto another worker through
 * `pipeToRouter`: with two viewers per worker, five viewers of one stream use both workers, all
 * receive frames, and leaving and the end of the stream empty both workers.
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { type WhepTestViewer, watch } from './whepViewer.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { mediaPlane: { workers: 2, viewersPerWorker: 2, maxViewers: 10 } },
  })
})
afterAll(async () => {
  await node?.close()
})

it("spreads one stream's viewers over the workers", async () => {
  const plane = node.orchestrator.mediaPlane!
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'spill',
    source: { type: 'testsrc', width: 160, height: 120, durationSec: 60 },
  })
  const viewers: WhepTestViewer[] = []
  try {
    for (let i = 0; i < 5; i++) viewers.push(await watch(node.url, 'spill'))
    expect(viewers.map((v) => v.status)).toEqual([201, 201, 201, 201, 201])
    await Promise.all(viewers.map((v) => v.waitForFrames(10)))
    const perWorker = plane.pool.entries.map((e) => e.counts.viewers).sort()
    // two on each worker, then the fifth on the stream's own worker (every worker full)
    expect(perWorker).toEqual([2, 3])
    const dump = await plane.pool.dump()
    expect(dump.every((w) => w.routers.length > 0)).toBe(true)
  } finally {
    await Promise.all(viewers.map((v) => v.close()))
    await client.close()
  }
  await expect.poll(async () => (await plane.pool.dump()).flatMap((w) => w.routers).length).toBe(0)
  expect(plane.pool.entries.map((e) => e.counts)).toEqual([
    { routers: 0, transports: 0, producers: 0, consumers: 0, viewers: 0 },
    { routers: 0, transports: 0, producers: 0, consumers: 0, viewers: 0 },
  ])
})
