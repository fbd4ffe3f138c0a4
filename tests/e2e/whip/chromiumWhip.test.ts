/**
 * Chromium (fake camera) publishes to the node over WHIP (terminated on mediasoup) and plays the
 * video the node returns on the same peer connection. The page is tests/fixtures/whipPage.html, served by a small static
 * server on another port, so CORS is exercised as well.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { RunningOrchestrator } from '@prism/node'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/chromium.ts'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'

type Stats = { frames: number; width: number; height: number; state: string; control: unknown[] }

let node: RunningOrchestrator
let pageServer: Server
let pageUrl: string
let browser: Browser

beforeAll(async () => {
  // WHIP on mediasoup, as `prism orchestrator` runs it
  node = await startTestOrchestrator({ orchestrator: { mediaPlane: { workers: 1 } } })
  const html = await readFile(join(import.meta.dirname, '../../fixtures/whipPage.html'))
  pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(html)
  })
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', () => r()))
  pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => pageServer?.close(r))
  await node?.close()
  await expectNoFfmpegLeft()
})

async function framesAfter(page: Page, min: number, timeoutMs: number): Promise<Stats> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const s = (await page.evaluate('whipStats()')) as Stats
    if (s.frames >= min || Date.now() > until) return s
    await page.waitForTimeout(250)
  }
}

describe('Chromium WHIP publisher', () => {
  it('receives its camera back through passthrough', async () => {
    const page = await browser.newPage()
    try {
      await page.goto(pageUrl)
      await page.evaluate(`startWhip(${JSON.stringify(`${node.url}/live/browser1/whip`)})`)
      const stats = await framesAfter(page, 30, 30_000)
      expect(stats.frames).toBeGreaterThanOrEqual(30)
      expect(stats.width).toBeGreaterThan(0)
      const session = node.orchestrator.getSessionByStream('browser1')!
      expect(session.toJSON().pipeline.framesOut).toBeGreaterThan(0)
      await page.evaluate('stopWhip()')
      expect(node.orchestrator.sessions).toHaveLength(0)
    } finally {
      await page.close()
    }
  })

  it('receives the 640x360 rendition of a transcode session', async () => {
    const page = await browser.newPage()
    try {
      await page.goto(pageUrl)
      await page.evaluate(
        `startWhip(${JSON.stringify(`${node.url}/live/browser2/whip`)}, { kind: 'transcode' })`,
      )
      const stats = await framesAfter(page, 30, 40_000)
      expect(stats.frames).toBeGreaterThanOrEqual(30)
      expect([stats.width, stats.height]).toEqual([640, 360])
      const master = await fetch(`${node.url}/live/browser2/hls/master.m3u8`)
      expect(master.status).toBe(200)
      await page.evaluate('stopWhip()')
    } finally {
      await page.close()
    }
    await expectNoFfmpegLeft()
  })
})
