/**
 * WHIP sessions terminated on mediasoup (the orchestrator has a media plane): a werift WHIP client
 * streams testsrc and gets the video back through the session's router — passthrough looped back
 * inside the router with the RTP timestamps kept (round trips measured) and gated by payments,
 * transcode and an AI chain re-encoded, both codecs. Its
 * `control` and `payment` channels open in band (DCEP), which the node answers on mediasoup's SCTP:
 * a ping on `control` is answered. Malformed offers make nothing; DELETE leaves no router,
 * transport, producer or consumer in the worker (its dump).
 */
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, MediaPeer, type RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: {
      maxSessions: 3,
      mediaPlane: { workers: 1 },
      pipelineKinds: [createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) })],
    },
  })
})
afterAll(async () => {
  await node?.close()
})

/** Routers, transports, producers and consumers left in the worker. */
async function leftovers() {
  const routers = (await node.orchestrator.mediaPlane!.pool.dump()).flatMap((w) => w.routers)
  return {
    routers: routers.length,
    transports: routers.reduce((n, r) => n + r.transports, 0),
    producers: routers.reduce((n, r) => n + r.producers, 0),
    consumers: routers.reduce((n, r) => n + r.consumers, 0),
  }
}
const NOTHING = { routers: 0, transports: 0, producers: 0, consumers: 0 }

/** POSTs an offer as is; returns the status and error code. */
async function post(stream: string, body: string): Promise<[number, string | undefined]> {
  const res = await fetch(`${node.url}/live/${stream}/whip`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body,
  })
  const text = await res.text()
  return [res.status, res.status >= 400 ? (JSON.parse(text) as { code?: string }).code : undefined]
}

describe('WHIP on mediasoup', () => {
  it.each(['H264', 'VP8'] as const)(
    'passthrough (%s): frames come back with their timestamps, paused by payments; control answers a ping; DELETE leaves nothing',
    async (codec) => {
      const client = await WhipClient.connect({
        url: node.url,
        streamId: `ms-pass-${codec}`,
        codec,
        audio: true,
        source: { type: 'testsrc', width: 320, height: 240, durationSec: 30 },
      })
      try {
        expect(client.codec).toBe(codec)
        await client.waitForFrames(30)
        // the same timestamps came back: round trips are matched frame by frame
        expect(client.stats.roundTripsMs.length).toBeGreaterThan(10)
        // the session's router: WebRtcTransport + DirectTransport, the sender's producer, its
        // consumers to the pipeline and back to the sender (no return producer: the passthrough
        // loops back inside the router)
        expect(await leftovers()).toEqual({ routers: 1, transports: 2, producers: 1, consumers: 2 })
        const pong = new Promise((resolve) =>
          client.on('control', (e) => {
            if (e.type === 'pong') resolve(e)
          }),
        )
        await client.sendControl({ v: 1, type: 'ping', t: 42 })
        expect(await pong).toEqual({ v: 1, type: 'pong', t: 42 })
        const session = node.orchestrator.getSessionByStream(`ms-pass-${codec}`)!
        expect(session.connected).toBe(true)
        // payments gate the looped-back return: paused, nothing comes back; resumed, frames again
        session.setOutputPaused(true, 'test')
        await new Promise((r) => setTimeout(r, 500))
        const held = client.stats.framesReceived
        await new Promise((r) => setTimeout(r, 1000))
        expect(client.stats.framesReceived).toBe(held)
        session.setOutputPaused(false, 'test')
        await client.waitForFrames(client.stats.framesDecoded + 10)
      } finally {
        await client.close()
      }
      await expect.poll(leftovers).toEqual(NOTHING)
    },
  )

  it('transcode and an AI chain come back re-encoded through mediasoup', async () => {
    const transcode = await WhipClient.connect({
      url: node.url,
      streamId: 'ms-ladder',
      pipeline: { kind: 'transcode', profiles: ['P144p30fps16x9'] },
      source: { type: 'testsrc', width: 320, height: 180, durationSec: 30 },
    })
    const ai = await WhipClient.connect({
      url: node.url,
      streamId: 'ms-ai',
      pipeline: { kind: 'ai', width: 128, height: 128, stages: [{ model: 'builtin:sepia' }] },
      source: { type: 'testsrc', width: 320, height: 240, durationSec: 30 },
    })
    try {
      await Promise.all([transcode.waitForFrames(20, 30_000), ai.waitForFrames(20, 30_000)])
      // two sessions, each with the sender's producer and the pipeline's return producer
      expect(await leftovers()).toEqual({ routers: 2, transports: 4, producers: 4, consumers: 4 })
      expect([transcode.stats.width, transcode.stats.height]).toEqual([256, 144])
      expect([ai.stats.width, ai.stats.height]).toEqual([128, 128])
    } finally {
      await Promise.all([transcode.close(), ai.close()])
    }
    await expect.poll(leftovers).toEqual(NOTHING)
  })

  it('malformed offers get their 4xx and make nothing', async () => {
    const { peer, offerSdp } = await MediaPeer.offer({ channels: ['control'] })
    await peer.close()
    expect(await post('ms-bad', 'v=0\r\nnot sdp\r\n')).toEqual([400, 'SDP_MALFORMED'])
    expect(
      await post('ms-bad', offerSdp.replace(/a=fingerprint:sha-256 \S+/, 'a=fingerprint:sha-256 00:11')),
    ).toEqual([400, 'SDP_FINGERPRINT_INVALID'])
    expect(await post('ms-bad', offerSdp.replaceAll('a=sendrecv', 'a=recvonly'))).toEqual([
      400,
      'SDP_MALFORMED',
    ])
    expect(
      await post(
        'ms-bad',
        offerSdp.replace(/a=rtpmap:(\d+) H264\/90000/g, 'a=rtpmap:$1 H265/90000').replace(/VP8/g, 'AV1X'),
      ),
    ).toEqual([400, 'SDP_CODEC_UNSUPPORTED'])
    expect(await leftovers()).toEqual(NOTHING)
  })
})
