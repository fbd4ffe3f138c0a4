/**
 * Verification catches a dishonest orchestrator: the first node runs another model than the one
 * asked for (pencil instead of sepia); the page recomputes the chain locally, its SSIM check
 * fails, the node is flagged and the stream swaps to the honest node, with the same chain.
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

type Row = { passed: boolean; ssim?: number; orchestrator: string; flagged: boolean }
type SwapRow = { reason: string; from: string; to?: string; recoverMs?: number }

describe('web app: verification flags a dishonest orchestrator and swaps', () => {
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
    // The dishonest node is the cheaper one, so the ranking picks it first.
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
          pricePerUnit: '10',
        }),
      ])),
    )
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
    await page.goto(`${app.url}/?verifyEvery=4&verifyProvider=wasm`)
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

  // No Refresh click: the page probes again by itself after funding.
  const eligible = () => page.locator('[data-testid="orchestrator-row"][data-eligible="true"]').count()

  it('flags the node whose frames do not match the local recomputation and swaps to the honest one', async () => {
    await page.getByTestId('connect-mock').click()
    await page.getByTestId('fund').click()
    await expect.poll(() => page.getByTestId('deposit').textContent(), { timeout: 30_000 }).toBe('0.5 ETH')
    await expect.poll(eligible, { timeout: 60_000, interval: 1000 }).toBe(2)
    await page.getByTestId('stage-0-model').selectOption('builtin:sepia')
    await page.getByTestId('start').click()
    const cheater = `http://127.0.0.1:${ports[0]}`
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { prism: { gateway: { snapshot: { orchestrator?: string } } } }).prism
              .gateway.snapshot.orchestrator,
        ),
      )
      .toBe(cheater)
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (window as unknown as { prism: { gateway: { snapshot: { framesOut: number } } } }).prism.gateway
                .snapshot.framesOut,
          ),
        {
          timeout: 90_000,
        },
      )
      .toBeGreaterThan(10)
    const swaps = () =>
      page.evaluate(
        () =>
          (window as unknown as { prism: { gateway: { snapshot: { swaps: SwapRow[] } } } }).prism.gateway
            .snapshot.swaps,
      )
    await expect
      .poll(async () => (await swaps()).length, { timeout: 120_000, interval: 1000 })
      .toBeGreaterThan(0)
    const [swap] = await swaps()
    expect(swap?.reason).toBe('verification-failed')
    expect(swap?.from).toBe(cheater)
    expect(swap?.to).toBe(`http://127.0.0.1:${ports[1]}`)
    const rows = (await page.evaluate(
      () => (window as unknown as { prism: { verification: { results: Row[] } } }).prism.verification.results,
    )) as Row[]
    const failed = rows.filter((r) => r.orchestrator === cheater && !r.passed)
    expect(failed.length).toBeGreaterThanOrEqual(2)
    expect(failed.at(-1)?.flagged).toBe(true)
    console.log(
      `dishonest node: SSIM ${failed.map((r) => r.ssim?.toFixed(3)).join(', ')} → flagged and swapped`,
    )
    await expect.poll(async () => (await swaps())[0]?.recoverMs, { timeout: 90_000 }).toBeGreaterThan(0)
    // The honest node's frames pass.
    await expect
      .poll(
        async () => {
          const r = (await page.evaluate(
            () =>
              (window as unknown as { prism: { verification: { results: Row[] } } }).prism.verification
                .results,
          )) as Row[]
          return r.some((x) => x.orchestrator !== cheater && x.passed)
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(true)
    // The flagged node is suspended in discovery.
    await expect
      .poll(() => page.locator(`[data-testid="orchestrator-row"][data-url="${cheater}"]`).textContent(), {
        timeout: 20_000,
      })
      .toContain('suspended')
    await screenshot(page, 'verification-swap')
    await page.getByTestId('stop').click()
  })
})
