/**
 * Chromium as a WHEP viewer of one rendition of a transcode ladder (`?rendition=`), in H.264 and
 * VP8 sessions: the rendition's own encode (RenditionFeed) must decode in a browser, at the
 * rendition's size, not the returned one's.
 */
import type { RunningOrchestrator } from '@prism/node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/chromium.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator
let browser: Browser

beforeAll(async () => {
  node = await startTestOrchestrator({ orchestrator: { maxSessions: 1, mediaPlane: { workers: 1 } } })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await node?.close()
})

type Watched = {
  status: number
  body?: string
  framesDecoded?: number
  width?: number
  height?: number
  deleted?: number
}

/** Runs a WHEP viewer of one rendition in a Chromium page; returns what it decoded. */
async function watchInChromium(stream: string, rendition: string): Promise<Watched> {
  const page = await browser.newPage()
  try {
    return await page.evaluate(
      async ({ url, stream, rendition }): Promise<Watched> => {
        const pc = new RTCPeerConnection()
        pc.addTransceiver('video', { direction: 'recvonly' })
        pc.addTransceiver('audio', { direction: 'recvonly' })
        await pc.setLocalDescription(await pc.createOffer())
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') return resolve()
          setTimeout(resolve, 2000)
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') resolve()
          })
        })
        const res = await fetch(`${url}/live/${stream}/whep?rendition=${rendition}`, {
          method: 'POST',
          headers: { 'content-type': 'application/sdp' },
          body: pc.localDescription!.sdp,
        })
        const body = await res.text()
        if (res.status !== 201) return { status: res.status, body }
        const location = res.headers.get('location')!
        await pc.setRemoteDescription({ type: 'answer', sdp: body })
        let framesDecoded = 0
        let width = 0
        let height = 0
        const until = Date.now() + 30_000
        while (Date.now() < until && framesDecoded < 30) {
          await new Promise((r) => setTimeout(r, 200))
          const stats = await pc.getStats()
          stats.forEach((r: RTCInboundRtpStreamStats) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') {
              framesDecoded = r.framesDecoded ?? 0
              width = r.frameWidth ?? 0
              height = r.frameHeight ?? 0
            }
          })
        }
        const deleted = (await fetch(`${url}${location}`, { method: 'DELETE' })).status
        pc.close()
        return { status: res.status, framesDecoded, width, height, deleted }
      },
      { url: node.url, stream, rendition },
    )
  } finally {
    await page.close()
  }
}

describe('Chromium WHEP viewer of a rendition', () => {
  for (const codec of ['H264', 'VP8'] as const) {
    it(`decodes the 256x144 rendition of a ${codec} transcode session`, { timeout: 90_000 }, async () => {
      const client = await WhipClient.connect({
        url: node.url,
        streamId: `ladder-${codec}`,
        codec,
        pipeline: { kind: 'transcode', profiles: ['P144p30fps16x9', 'P240p30fps16x9'] },
        source: { type: 'testsrc', width: 320, height: 180, durationSec: 60 },
      })
      try {
        expect(client.codec).toBe(codec)
        await client.waitForFrames(5, 30_000)
        const seen = await watchInChromium(`ladder-${codec}`, 'P144p30fps16x9')
        expect(seen).toMatchObject({ status: 201, width: 256, height: 144, deleted: 200 })
        expect(seen.framesDecoded).toBeGreaterThanOrEqual(30)
      } finally {
        await client.close()
      }
    })
  }
})
