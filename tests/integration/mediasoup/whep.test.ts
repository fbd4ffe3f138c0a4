/**
 * WHEP viewers of live passthrough and transcode sessions, fanned out by mediasoup: a werift WHIP
 * client streams testsrc (its session terminates on mediasoup too), headless werift WHEP viewers
 * watch its output. Checks frames arrive, the viewer limit,
 * malformed offers (nothing created), and that DELETE and the session's end leave no transport,
 * consumer or router in the workers (their dumps).
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { watch } from './whepViewer.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { maxSessions: 2, mediaPlane: { workers: 2, maxViewers: 3 } },
  })
})
afterAll(async () => {
  await node?.close()
})

/** Routers, transports and consumers left in every worker. */
async function leftovers() {
  const dump = await node.orchestrator.mediaPlane!.pool.dump()
  const routers = dump.flatMap((w) => w.routers)
  return {
    routers: routers.length,
    transports: routers.reduce((n, r) => n + r.transports, 0),
    consumers: routers.reduce((n, r) => n + r.consumers, 0),
  }
}

describe('WHEP viewers on mediasoup', () => {
  it('a viewer receives the passthrough output; DELETE and the end of the session leave nothing', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'watched',
      source: { type: 'testsrc', width: 320, height: 240, durationSec: 30 },
    })
    try {
      const viewer = await watch(node.url, 'watched')
      expect(viewer.error).toBeUndefined()
      expect(viewer.status).toBe(201)
      expect(viewer.location).toMatch(/^\/live\/watched\/whep\/[\w-]{32}$/)
      await viewer.waitForFrames(30)
      expect(node.orchestrator.mediaPlane!.viewerCount()).toBe(1)
      const metrics = await (await fetch(`${node.url}/metrics`)).text()
      expect(metrics).toMatch(/prism_mediasoup_viewers\{worker="\d"\} 1/)
      // werift offers H.264 as payload type 96, the source router takes 102: a second router fed
      // by pipeToRouter serves it (PlainTransport, two PipeTransports, the viewer's WebRtcTransport;
      // the pipe's consumer and the viewer's), beside the WHIP session's own router (its
      // WebRtcTransport and DirectTransport, the consumer to the pipeline and the returned video's)
      expect(await leftovers()).toEqual({ routers: 3, transports: 6, consumers: 4 })
      expect(await viewer.close()).toBe(200)
      // the last viewer left: the fan-out's routers go with it, the WHIP session's router stays
      await expect.poll(leftovers).toEqual({ routers: 1, transports: 2, consumers: 2 })
      expect(node.orchestrator.mediaPlane!.viewerCount()).toBe(0)
      // a second DELETE names nobody
      expect((await fetch(new URL(viewer.location!, node.url), { method: 'DELETE' })).status).toBe(404)

      const again = await watch(node.url, 'watched')
      await again.waitForFrames(10)
      await client.close()
      await expect.poll(leftovers).toEqual({ routers: 0, transports: 0, consumers: 0 })
      expect(node.orchestrator.mediaPlane!.viewerCount()).toBe(0)
      await again.close()
    } finally {
      await client.close()
    }
  })

  it('answers the viewer limit, unknown streams and malformed offers with their codes, making nothing', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'limited',
      source: { type: 'testsrc', width: 160, height: 120, durationSec: 30 },
    })
    const viewers = []
    try {
      const missing = await watch(node.url, 'nobody')
      expect([missing.status, missing.error?.code]).toEqual([404, 'WHEP_STREAM_NOT_LIVE'])
      const garbage = await fetch(`${node.url}/live/limited/whep`, {
        method: 'POST',
        headers: { 'content-type': 'application/sdp' },
        body: 'v=0\r\nnot sdp\r\n',
      })
      expect(garbage.status).toBe(400)
      expect(((await garbage.json()) as { code: string }).code).toBe('SDP_MALFORMED')
      const badPrint = await watch(node.url, 'limited', {
        offerSdp: (sdp) => sdp.replace(/a=fingerprint:sha-256 \S+/, 'a=fingerprint:sha-256 00:11'),
      })
      expect([badPrint.status, badPrint.error?.code]).toEqual([400, 'SDP_FINGERPRINT_INVALID'])
      // only the WHIP session's own router
      expect(await leftovers()).toEqual({ routers: 1, transports: 2, consumers: 2 })

      for (let i = 0; i < 3; i++) viewers.push(await watch(node.url, 'limited'))
      expect(viewers.map((v) => v.status)).toEqual([201, 201, 201])
      const over = await watch(node.url, 'limited')
      expect([over.status, over.error?.code]).toEqual([503, 'WHEP_VIEWER_LIMIT'])
      await Promise.all(viewers.map((v) => v.waitForFrames(10)))
    } finally {
      await Promise.all(viewers.map((v) => v.close()))
      await client.close()
    }
    await expect.poll(leftovers).toEqual({ routers: 0, transports: 0, consumers: 0 })
  })

  it('a viewer that offers to be the DTLS server (a=setup:passive) is answered active and receives frames', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'roles',
      source: { type: 'testsrc', width: 160, height: 120, durationSec: 30 },
    })
    try {
      const viewer = await watch(node.url, 'roles', {
        offerSdp: (sdp) => sdp.replaceAll('a=setup:actpass', 'a=setup:passive'),
      })
      expect(viewer.answerSdp).toContain('a=setup:active')
      await viewer.waitForFrames(10)
      expect(await viewer.close()).toBe(200)
    } finally {
      await client.close()
    }
  })

  it("a viewer of a transcode session receives the returned rendition's frames", async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'ladder',
      pipeline: { kind: 'transcode', profiles: ['P144p30fps16x9'] },
      source: { type: 'testsrc', width: 320, height: 180, durationSec: 30 },
    })
    try {
      await client.waitForFrames(5, 20_000)
      const viewer = await watch(node.url, 'ladder')
      expect(viewer.status).toBe(201)
      await viewer.waitForFrames(20)
      expect(await viewer.close()).toBe(200)
    } finally {
      await client.close()
    }
    await expect.poll(leftovers).toEqual({ routers: 0, transports: 0, consumers: 0 })
  })
})
