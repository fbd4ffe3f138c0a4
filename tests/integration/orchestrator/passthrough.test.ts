/**
 * Real WebRTC through the passthrough pipeline: the headless client streams 5 s of testsrc
 * 640x360 over WHIP (werift <-> werift on 127.0.0.1) and decodes what comes back.
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({ orchestrator: { maxSessions: 1 } })
})
afterAll(async () => {
  await node?.close()
  await expectNoFfmpegLeft()
})

describe('passthrough over WHIP', () => {
  it('returns the frames unchanged in size, counts pixels and ends on DELETE', async () => {
    const pixels: number[] = []
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'pass1',
      pipeline: { kind: 'passthrough' },
      source: { type: 'testsrc', width: 640, height: 360, durationSec: 5 },
    })
    const session = node.orchestrator.getSessionByStream('pass1')!
    session.on('outputpixels', (r) => pixels.push(r.pixels))
    expect(client.codec).toBe('H264')
    await client.sourceDone()
    await client.waitForFrames(100, 10_000)
    expect(client.stats.framesSent).toBeGreaterThanOrEqual(140)
    expect(client.stats.framesReceived).toBe(client.stats.framesSent)
    expect([client.stats.width, client.stats.height]).toEqual([640, 360])
    expect(client.stats.roundTripsMs.length).toBeGreaterThan(100)
    expect(pixels.reduce((a, b) => a + b, 0) % (640 * 360)).toBe(0)
    expect(pixels.length).toBeGreaterThan(0)

    // A second session is refused while this one lives (maxSessions 1).
    await expect(
      WhipClient.connect({
        url: node.url,
        streamId: 'pass2',
        source: { type: 'testsrc', width: 64, height: 64 },
      }),
    ).rejects.toMatchObject({ status: 503, remoteCode: 'SESSION_LIMIT_REACHED' })

    await client.close()
    expect(node.orchestrator.sessions).toHaveLength(0)
    expect(session.closed).toBe(true)
    await expectNoFfmpegLeft()
  })

  it('negotiates VP8 when the client prefers it and still sizes frames', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'vp8',
      codec: 'VP8',
      source: { type: 'testsrc', width: 320, height: 240, durationSec: 3 },
    })
    try {
      expect(client.codec).toBe('VP8')
      await client.waitForFrames(30, 15_000)
      const stats = node.orchestrator.getSessionByStream('vp8')!.toJSON()
      expect(stats.pipeline).toMatchObject({ kind: 'passthrough', width: 320, height: 240 })
      expect([client.stats.width, client.stats.height]).toEqual([320, 240])
    } finally {
      await client.close()
    }
  })

  it('answers ping on the control channel and routes payment messages to the payments hook', async () => {
    const received: (string | Uint8Array)[] = []
    node.orchestrator.setPayments({
      handleSessionStart: () => undefined,
      handlePaymentMessage: (session, msg) => {
        received.push(msg)
        session.sendPaymentEvent({ type: 'balance', balance: '42' })
      },
      handleOutputPixels: () => undefined,
      handleSessionClose: () => undefined,
    })
    try {
      const client = await WhipClient.connect({
        url: node.url,
        streamId: 'chan',
        source: { type: 'testsrc', width: 64, height: 64 },
      })
      onTestFinished(() => client.close())
      const pong = new Promise((r) => client.on('control', (e) => e.type === 'pong' && r(e)))
      await client.sendControl({ v: 1, type: 'ping', t: 7 })
      expect(await pong).toEqual({ v: 1, type: 'pong', t: 7 })
      const errors = new Promise<unknown[]>((r) => {
        const seen: unknown[] = []
        client.on('control', (e) => {
          if (e.type === 'error') seen.push(e.code)
          if (seen.length === 2) r(seen)
        })
      })
      await client.sendControl({ v: 1, type: 'bogus' })
      await client.sendControl({ v: 1, type: 'update', stage: 0, params: { strength: 1 } })
      // invalid message -> its schema code; valid but not for passthrough -> CONTROL_MESSAGE_INVALID
      expect(await errors).toEqual(['MESSAGE_INVALID', 'CONTROL_MESSAGE_INVALID'])
      const balance = new Promise((r) => client.on('payment', (m) => r(m)))
      await client.payment.opened()
      client.payment.send(new Uint8Array([1, 2, 3]))
      expect(await balance).toEqual({ type: 'balance', balance: '42' })
      expect(received.map((m) => [...(m as Uint8Array)])).toEqual([[1, 2, 3]])
      await client.close()
    } finally {
      node.orchestrator.setPayments(undefined)
    }
  })
})
