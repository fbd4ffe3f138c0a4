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
import { watchInChromium } from './chromiumViewer.ts'

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
        const seen = await watchInChromium(
          browser,
          node.url,
          `/live/${`ladder-${codec}`}/whep?rendition=${'P144p30fps16x9'}`,
        )
        expect(seen).toMatchObject({ status: 201, width: 256, height: 144, deleted: 200 })
        expect(seen.framesDecoded).toBeGreaterThanOrEqual(30)
      } finally {
        await client.close()
      }
    })
  }
})
