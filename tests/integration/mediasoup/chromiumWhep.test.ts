/**
 * Chromium as a WHEP viewer (from a page of another origin, so CORS applies) of passthrough
 * sessions in H.264 and VP8: its offer numbers payload types and header extensions its own way,
 * with audio beside the video; it must decode the frames at the source's size.
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

describe('Chromium WHEP viewer', () => {
  for (const codec of ['H264', 'VP8'] as const) {
    it(`decodes a ${codec} passthrough stream`, async () => {
      const client = await WhipClient.connect({
        url: node.url,
        streamId: `chromium-${codec}`,
        codec,
        source: { type: 'testsrc', width: 320, height: 240, durationSec: 60 },
      })
      try {
        expect(client.codec).toBe(codec)
        const seen = await watchInChromium(browser, node.url, `/live/chromium-${codec}/whep`)
        expect(seen).toMatchObject({ status: 201, width: 320, height: 240, deleted: 200 })
        expect(seen.framesDecoded).toBeGreaterThanOrEqual(30)
      } finally {
        await client.close()
      }
    })
  }
})
