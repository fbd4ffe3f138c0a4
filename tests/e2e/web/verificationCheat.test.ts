/**
 * A dishonest node is still caught, and the stream is never ended for it: the only orchestrator
 * returns stale frames (the output of a frame about a second old, under the newest frame's
 * timestamp) on a generated moving camera. Verification flags it after 3 failed samples of the
 * last 5; with no other orchestrator the page warns and keeps streaming from it; once an honest
 * orchestrator comes up, the page swaps to it and its samples pass.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { launchChromium, WEBGPU_FLAGS } from '../../helpers/chromium.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { describeRows, fund, generatedCamera, results, snapshot } from './verificationPage.ts'
import { screenshot, startWebApp, type WebApp } from './webApp.ts'

describe('web app: a stale-frame node is flagged; alone it keeps streaming with a warning, then is swapped', () => {
  let chain: DevChain
  const nodes: OrchestratorProcess[] = []
  let app: WebApp
  let browser: Browser
  let page: Page
  let ports: number[]

  beforeAll(async () => {
    ports = [await freePort(), await freePort()]
    chain = await startDevChain({
      roundLength: 200,
      orchestrators: 2,
      gateways: 1,
      serviceUris: ports.map((p) => `http://127.0.0.1:${p}`),
    })
    // Only the dishonest node runs at first (the honest one is registered on chain, unreachable).
    nodes.push(
      await startWebNode({
        port: ports[0]!,
        deployment: chain.deployment,
        ethKey: chain.accounts.orchestrators[0]!.privateKey,
        pricePerUnit: '1',
        cheatStaleFrames: 10,
      }),
    )
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium([
      ...WEBGPU_FLAGS,
      `--use-file-for-fake-video-capture=${generatedCamera()}`,
    ])
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.on('pageerror', (e) => console.log('pageerror', e.message))
    await page.goto(`${app.url}/?verifyEvery=2&verifyProvider=wasm`)
    await page
      .getByTestId('session-key-address')
      .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
      .waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await Promise.all(nodes.map((n) => n.close()))
    await chain?.close()
  })

  it('flags the only node, warns and keeps streaming, then swaps to an honest node when one appears', async () => {
    const cheater = `http://127.0.0.1:${ports[0]}`
    const honest = `http://127.0.0.1:${ports[1]}`
    await fund(page, 1)
    await page.getByTestId('stage-0-model').selectOption('builtin:sepia')
    await page.getByTestId('start').click()
    await expect.poll(async () => (await snapshot(page)).orchestrator, { timeout: 60_000 }).toBe(cheater)

    // Flagged after k of n failed samples...
    await expect
      .poll(async () => (await results(page)).some((r) => r.flagged), { timeout: 180_000, interval: 1000 })
      .toBe(true)
    const rows = await results(page)
    const failed = rows.filter((r) => !r.passed)
    expect(failed.length).toBeGreaterThanOrEqual(3)
    console.log(`stale-frame node:\n${describeRows(rows)}`)

    // ...but alone: a warning, no end of stream, and the output keeps coming from it.
    await expect
      .poll(async () => (await snapshot(page)).warning, { timeout: 10_000 })
      .toContain('Verification failed')
    await page.getByTestId('stream-warning').waitFor()
    const before = await snapshot(page)
    expect(before.state).toBe('live')
    expect(before.orchestrator).toBe(cheater)
    expect(before.swaps).toMatchObject([{ reason: 'verification-failed', from: cheater }])
    expect(before.swaps[0]!.to).toBeUndefined()
    await expect
      .poll(async () => (await snapshot(page)).framesOut, { timeout: 20_000 })
      .toBeGreaterThan(before.framesOut + 20)
    await screenshot(page, 'verification-warning')

    // An honest orchestrator comes up: discovery finds it and the page swaps to it.
    nodes.push(
      await startWebNode({
        port: ports[1]!,
        deployment: chain.deployment,
        ethKey: chain.accounts.orchestrators[1]!.privateKey,
        pricePerUnit: '10',
      }),
    )
    await expect
      .poll(async () => (await snapshot(page)).orchestrator, { timeout: 120_000, interval: 1000 })
      .toBe(honest)
    const after = await snapshot(page)
    expect(after.swaps.at(-1)).toMatchObject({ reason: 'verification-failed', from: cheater, to: honest })
    await expect
      .poll(async () => (await results(page)).filter((r) => r.orchestrator === honest && r.passed).length, {
        timeout: 120_000,
        interval: 1000,
      })
      .toBeGreaterThanOrEqual(2)
    const honestRows = (await results(page)).filter((r) => r.orchestrator === honest)
    expect(
      honestRows.every((r) => r.passed),
      describeRows(honestRows),
    ).toBe(true)
    expect((await snapshot(page)).warning).toBeUndefined()
    await page.getByTestId('stop').click()
  }, 600_000)
})
