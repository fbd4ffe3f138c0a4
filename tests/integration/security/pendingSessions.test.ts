/**
 * The session limit cannot be filled for free: eleven WHIP offers that never connect (real werift
 * offers whose answers are never applied, POSTed from 127.0.0.2) leave room for a real session
 * from 127.0.0.1 on a node with `maxSessions` 10. Offers count against the limit only once their
 * peer connects; unconnected ones are limited per address (SESSION_PENDING_LIMIT, 429) and closed
 * after the connect timeout. On a node whose payments hook gates output until prepaid, a connected
 * session counts only once its gate opens, and one that would exceed the limit then is closed with
 * SESSION_LIMIT_REACHED on its control channel.
 */
import { request } from 'node:http'
import { MediaPeer, type PaymentsHandler, type RunningOrchestrator, type Session } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator
const offerers: MediaPeer[] = []

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { maxSessions: 10, connectTimeoutMs: 3000, maxPendingPerAddress: 4 },
  })
})
afterAll(async () => {
  await Promise.all(offerers.map((p) => p.close()))
  await node?.close()
  await expectNoFfmpegLeft()
})

/** POSTs a WHIP offer from `localAddress` (node:http binds the client socket there). */
function postOffer(
  localAddress: string,
  stream: string,
  sdp: string,
): Promise<{ status: number; code?: string }> {
  const url = new URL(`${node.url}/live/${stream}/whip`)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/sdp', 'content-length': Buffer.byteLength(sdp) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          text += c
        })
        res.on('end', () => {
          let code: string | undefined
          try {
            code = (JSON.parse(text) as { code?: string }).code
          } catch {
            code = undefined // an SDP answer
          }
          resolve({ status: res.statusCode ?? 0, ...(code ? { code } : {}) })
        })
      },
    )
    req.on('error', reject)
    req.end(sdp)
  })
}

describe('pending WHIP offers', () => {
  it('eleven offers that never connect leave room for a real session, and time out', async () => {
    const answers: { status: number; code?: string }[] = []
    for (let i = 0; i < 11; i++) {
      const { peer, offerSdp } = await MediaPeer.offer({ codecs: ['H264'], channels: ['control'] })
      offerers.push(peer) // kept open, its answer never applied: ICE/DTLS never complete
      answers.push(await postOffer('127.0.0.2', `idle${i}`, offerSdp))
    }
    // The first offers of the address wait for their peers; the rest are refused for that address.
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([201, 201, 201, 201])
    for (const a of answers.slice(4)) expect(a).toEqual({ status: 429, code: 'SESSION_PENDING_LIMIT' })

    // A real gateway on another address still gets a session, and media flows.
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'real',
      pipeline: { kind: 'passthrough' },
      decode: false,
      source: { type: 'testsrc', width: 320, height: 240, fps: 15 },
    })
    try {
      await client.waitForFrames(10, 30_000)
      expect(node.orchestrator.getSessionByStream('real')?.closed).toBe(false)

      // The idle offers are closed by the connect timeout; the real session stays.
      const until = Date.now() + 30_000
      while (node.orchestrator.sessions.length > 1 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100))
      expect(node.orchestrator.sessions.map((s) => s.streamId)).toEqual(['real'])
      // Their address may offer again once its pending offers are gone.
      const { peer, offerSdp } = await MediaPeer.offer({ codecs: ['H264'] })
      offerers.push(peer)
      expect((await postOffer('127.0.0.2', 'idle-again', offerSdp)).status).toBe(201)
    } finally {
      await client.close()
    }
  })
})

describe('admission on a node that gates output until prepaid', () => {
  it('counts a connected session only once its gate opens', async () => {
    const started: Session[] = []
    // The payments plug point as a paid node uses it: output paused until the gateway prepays.
    const gate: PaymentsHandler = {
      handleSessionStart: (s) => {
        started.push(s)
        s.setOutputPaused(true, 'awaiting prepayment')
      },
      handlePaymentMessage: () => {},
      handleOutputPixels: () => {},
      handleSessionClose: () => {},
    }
    const paid = await startTestOrchestrator({ orchestrator: { maxSessions: 1, payments: gate } })
    const connect = (streamId: string) =>
      WhipClient.connect({
        url: paid.url,
        streamId,
        pipeline: { kind: 'passthrough' },
        decode: false,
        manualStart: true,
      })
    const a = await connect('first')
    const b = await connect('second') // connected but unpaid: the first does not fill the node
    try {
      const until = Date.now() + 15_000
      while (!started.every((s) => s.connected) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50))
      expect(started.map((s) => s.connected)).toEqual([true, true])
      expect(paid.orchestrator.sessionCounts).toEqual({ admitted: 0, pending: 2 })
      started[0]!.setOutputPaused(false, 'prepaid')
      expect(paid.orchestrator.sessionCounts).toEqual({ admitted: 1, pending: 1 })
      // The second prepays too, but the node is full now: refused on its control channel.
      const refused = new Promise<Record<string, unknown>>((resolve) =>
        b.on('control', (e) => {
          if (e.type === 'error') resolve(e)
        }),
      )
      started[1]!.setOutputPaused(false, 'prepaid')
      expect(await refused).toMatchObject({ code: 'SESSION_LIMIT_REACHED' })
      await new Promise<void>((r) => (started[1]!.closed ? r() : started[1]!.once('close', () => r())))
      expect(paid.orchestrator.sessions.map((s) => s.streamId)).toEqual(['first'])
    } finally {
      await a.close()
      await b.close()
      await paid.close()
    }
  })
})
