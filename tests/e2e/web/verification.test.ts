/**
 * Verification catches dishonest orchestrators and swaps away from them: the cheaper node runs
 * another model than the one asked for (pencil instead of sepia), the other one computes and
 * returns a quarter of the pixels asked for (half width and height). The page recomputes the
 * chain locally on frames aligned by RTP timestamp: each is flagged after 3 failed samples of the
 * last 5; the first is swapped for the second, the second, the last one left, keeps streaming
 * with a warning until an honest node comes up, and the stream swaps to it; its samples pass.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { describeRows, diagnose, fund, results, snapshot } from './verificationPage.ts'
import { launchChromium, screenshot, startWebApp, type WebApp } from './webApp.ts'

describe('web app: verification flags a dishonest orchestrator and swaps', () => {
  let chain: DevChain
  const nodes: OrchestratorProcess[] = []
  let app: WebApp
  let browser: Browser
  let page: Page
  let ports: number[]

  beforeAll(async () => {
    ports = [await freePort(), await freePort(), await freePort()]
    chain = await startDevChain({
      roundLength: 200,
      orchestrators: 3,
      gateways: 1,
      serviceUris: ports.map((p) => `http://127.0.0.1:${p}`),
    })
    // Only the dishonest nodes run at first (the honest one is registered on chain, unreachable);
    // the cheaper one is ranked first.
    nodes.push(
      ...(await Promise.all([
        startWebNode({
          port: ports[0]!,
          deployment: chain.deployment,
          ethKey: chain.accounts.orchestrators[0]!.privateKey,
          pricePerUnit: '1',
          cheatModel: 'builtin:pencil',
        }),
        startWebNode({
          port: ports[1]!,
          deployment: chain.deployment,
          ethKey: chain.accounts.orchestrators[1]!.privateKey,
          pricePerUnit: '5',
          cheatLowResolution: true,
        }),
      ])),
    )
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
    // No warm standby: each swap here is a verification decision, tested apart from the standby.
    await page.goto(`${app.url}/?verifyEvery=4&verifyProvider=wasm&standby=0`)
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

  it('flags the wrong-model node, then the low-resolution one, and swaps to the honest node when it appears', async () => {
    const [wrongModel, lowResolution, honest] = ports.map((p) => `http://127.0.0.1:${p}`)
    // No Refresh click: the page probes again by itself after funding.
    await fund(page, 2)
    await page.getByTestId('stage-0-model').selectOption('builtin:sepia')
    await page.getByTestId('start').click()
    await expect.poll(async () => (await snapshot(page)).orchestrator, { timeout: 60_000 }).toBe(wrongModel)
    await expect.poll(async () => (await snapshot(page)).framesOut, { timeout: 90_000 }).toBeGreaterThan(10)

    // Flagged after 3 failed samples of the last 5: swapped to the other node, which is flagged in
    // turn; with no other eligible node left the stream goes on there, with a warning.
    await expect
      .poll(async () => (await snapshot(page)).warning, { timeout: 240_000, interval: 1000 })
      .toContain('Verification failed')
      .catch(async (err: unknown) => {
        throw new Error(await diagnose(page), { cause: err })
      })
    const flagged = await snapshot(page)
    expect(flagged.state).toBe('live')
    expect(flagged.orchestrator).toBe(lowResolution)
    expect(flagged.swaps.map((w) => [w.reason, w.from, w.to])).toEqual([
      ['verification-failed', wrongModel, lowResolution],
      ['verification-failed', lowResolution, undefined],
    ])
    const rows = await results(page)
    console.log(`dishonest nodes:\n${describeRows(rows)}`)
    for (const cheater of [wrongModel, lowResolution]) {
      const mine = rows.filter((r) => r.orchestrator === cheater)
      expect(mine.filter((r) => !r.passed).length).toBeGreaterThanOrEqual(3)
      expect(mine.at(-1)?.flagged).toBe(true)
    }
    expect(rows.filter((r) => r.orchestrator === lowResolution).at(-1)?.detail).toBe(
      'returned 128x128, asked 256x256',
    )

    // The honest node comes up: the page swaps to it, its frames pass, the warning goes.
    nodes.push(
      await startWebNode({
        port: ports[2]!,
        deployment: chain.deployment,
        ethKey: chain.accounts.orchestrators[2]!.privateKey,
        pricePerUnit: '10',
      }),
    )
    await expect
      .poll(async () => (await snapshot(page)).orchestrator, { timeout: 120_000, interval: 1000 })
      .toBe(honest)
    expect((await snapshot(page)).swaps.at(-1)).toMatchObject({
      reason: 'verification-failed',
      from: lowResolution,
      to: honest,
    })
    await expect
      .poll(async () => (await results(page)).filter((r) => r.orchestrator === honest && r.passed).length, {
        timeout: 90_000,
        interval: 1000,
      })
      .toBeGreaterThanOrEqual(2)
    const honestRows = (await results(page)).filter((r) => r.orchestrator === honest)
    expect(
      honestRows.every((r) => r.passed),
      describeRows(honestRows),
    ).toBe(true)
    expect((await snapshot(page)).warning).toBeUndefined()
    // The flagged nodes are suspended in discovery.
    for (const cheater of [wrongModel, lowResolution])
      await expect
        .poll(() => page.locator(`[data-testid="orchestrator-row"][data-url="${cheater}"]`).textContent(), {
          timeout: 20_000,
        })
        .toContain('suspended')
    await screenshot(page, 'verification-swap')
    await page.getByTestId('stop').click()
  }, 600_000)
})
