/**
 * A paid transcode session from the browser: the returned rendition has the ladder's first
 * profile's resolution, the page verifies resolution and frame rate, and its HLS links point at
 * the node's master playlist listing every rendition.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { launchChromium, screenshot, startWebApp, type WebApp } from './webApp.ts'

describe('web app: transcode ladder with HLS links and rendition verification', () => {
  let chain: DevChain
  let node: OrchestratorProcess
  let app: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const port = await freePort()
    chain = await startDevChain({ roundLength: 200, gateways: 1, serviceUris: [`http://127.0.0.1:${port}`] })
    node = await startWebNode({
      port,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrators[0]!.privateKey,
      pricePerUnit: '1',
    })
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
    await page.goto(app.url)
    await page
      .getByTestId('session-key-address')
      .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
      .waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await node?.close()
    await chain?.close()
  })

  it('returns the 360p rendition, verified, with HLS playlists for the ladder', async () => {
    await page.getByTestId('connect-mock').click()
    await page.getByTestId('fund').click()
    await expect.poll(() => page.getByTestId('deposit').textContent(), { timeout: 30_000 }).toBe('0.5 ETH')
    await expect
      .poll(
        // No Refresh click: the page probes again by itself after funding.
        () => page.locator('[data-testid="orchestrator-row"][data-eligible="true"]').count(),
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(1)
    await page.getByTestId('pipeline-kind').selectOption('transcode')
    await page.getByTestId('start').click()
    const size = () =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              prism: { gateway: { snapshot: { outputSize?: { width: number; height: number } } } }
            }
          ).prism.gateway.snapshot.outputSize,
      )
    await expect.poll(size, { timeout: 60_000 }).toEqual({ width: 640, height: 360 })
    await expect
      .poll(() => page.locator('[data-testid="verification-row"]').count(), { timeout: 40_000 })
      .toBeGreaterThan(0)
    const row = page.locator('[data-testid="verification-row"]').first()
    console.log(`transcode verification: ${await row.textContent()}`)
    expect(await row.getAttribute('data-passed')).toBe('true')
    const master = await page.getByTestId('hls-master').getAttribute('href')
    expect(master).toMatch(/\/live\/[^/]+\/hls\/master\.m3u8$/)
    const playlist = await (await fetch(master!)).text()
    expect(playlist).toContain('RESOLUTION=640x360')
    expect(playlist).toContain('RESOLUTION=426x240')
    await screenshot(page, 'transcode-live')
    await page.getByTestId('stop').click()
  })
})
