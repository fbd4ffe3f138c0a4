/**
 * The browser gateway end to end against two real orchestrators on the dev chain: the dev wallet
 * funds the session key, discovery finds both nodes on chain, an AI stream (sepia) starts and its
 * output differs from the input the way sepia says, a slider update changes the output, the
 * ledger counts tickets the node accepted, stop ends the session; then the selected node is
 * killed mid-stream and the page swaps to the other one and output resumes (time-to-recover is
 * printed). Screenshots of each state go to test-results/web/.
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

type Snapshot = { state: string; orchestrator?: string; framesOut: number; loading?: string; error?: string }
type SwapRow = { reason: string; from: string; to?: string; recoverMs?: number; outageMs?: number }

/** Mean RGB of the input and output videos, drawn at 64x64. */
function meanColors(page: Page): Promise<{ input: number[]; output: number[] }> {
  return page.evaluate(() => {
    const mean = (id: string) => {
      const v = document.querySelector<HTMLVideoElement>(`[data-testid="${id}"]`)!
      const c = document.createElement('canvas')
      c.width = 64
      c.height = 64
      const ctx = c.getContext('2d')!
      ctx.drawImage(v, 0, 0, 64, 64)
      const d = ctx.getImageData(0, 0, 64, 64).data
      const m = [0, 0, 0]
      for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) m[k]! += d[i + k]!
      return m.map((x) => x / (64 * 64))
    }
    return { input: mean('input-video'), output: mean('output-video') }
  })
}

const snapshot = (page: Page) =>
  page.evaluate(() => {
    const g = (window as unknown as { prism: { gateway: { snapshot: Snapshot } } }).prism.gateway.snapshot
    return {
      state: g.state,
      orchestrator: g.orchestrator,
      framesOut: g.framesOut,
      loading: g.loading,
      error: g.error,
    }
  })

const swaps = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { prism: { gateway: { snapshot: { swaps: SwapRow[] } } } }).prism.gateway.snapshot
        .swaps,
  )

/** Red minus blue of a mean colour: sepia raises it. */
const warmth = (rgb: number[]) => rgb[0]! - rgb[2]!

describe('web app: live AI stream with payments, verification and swaps', () => {
  let chain: DevChain
  let nodes: OrchestratorProcess[] = []
  let app: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const ports = [await freePort(), await freePort()]
    chain = await startDevChain({
      roundLength: 200,
      orchestrators: 2,
      gateways: 1,
      serviceUris: ports.map((p) => `http://127.0.0.1:${p}`),
    })
    nodes = await Promise.all(
      ports.map((port, i) =>
        startWebNode({
          port,
          deployment: chain.deployment,
          ethKey: chain.accounts.orchestrators[i]!.privateKey,
          pricePerUnit: '1',
        }),
      ),
    )
    const dir = mkdtempSync(join(tmpdir(), 'prism-web-'))
    const deploymentPath = join(dir, 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
    page.on('pageerror', (e) => console.log('pageerror', e.message))
    await page.goto(`${app.url}/?verifyEvery=8&verifyProvider=wasm`)
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

  it('funds the session key and finds both orchestrators on chain, eligible', async () => {
    await page.getByTestId('connect-mock').click()
    await page.getByTestId('wallet-address').waitFor()
    await page.getByTestId('fund').click()
    await expect.poll(() => page.getByTestId('deposit').textContent(), { timeout: 30_000 }).toBe('0.5 ETH')
    // The nodes see the new deposit on their next chain poll: probe again until both quote params.
    await expect
      .poll(
        // No Refresh click: the page probes again by itself after funding.
        () => page.locator('[data-testid="orchestrator-row"][data-eligible="true"]').count(),
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(2)
    await screenshot(page, 'discovery')
  })

  it('streams an AI chain whose output is the sepia of the input', async () => {
    await page.getByTestId('stage-0-model').selectOption('builtin:sepia')
    await page.getByTestId('start').click()
    await expect.poll(async () => (await snapshot(page)).framesOut, { timeout: 90_000 }).toBeGreaterThan(30)
    await page.waitForTimeout(1000)
    const { input, output } = await meanColors(page)
    // Sepia maps every pixel to a warm brown: red well above blue, whatever the input.
    expect(warmth(output)).toBeGreaterThan(warmth(input) + 20)
    expect((await snapshot(page)).state).toBe('live')
    await screenshot(page, 'ai-stream-live')
  })

  it('changes the output when a slider moves (update over the control channel)', async () => {
    const before = await meanColors(page)
    const slider = page.getByTestId('stage-0-strength')
    await slider.focus()
    await slider.press('Home')
    // strength 0 = the input unchanged: the warm cast goes away.
    await expect
      .poll(
        async () => {
          const { input, output } = await meanColors(page)
          return Math.abs(warmth(output) - warmth(input))
        },
        { timeout: 20_000 },
      )
      .toBeLessThan(Math.abs(warmth(before.output) - warmth(before.input)) / 2)
    await screenshot(page, 'ai-slider-updated')
  })

  it('switches a stage model live: loading shows, frames keep flowing, then ready', async () => {
    const before = (await snapshot(page)).framesOut
    // Record every loading state the page goes through (the node may load the model quickly).
    await page.evaluate(() => {
      type Gw = { snapshot: { loading?: string }; events: { on(e: 'change', f: () => void): void } }
      const w = window as unknown as { prism: { gateway: Gw }; loadingSeen: string[] }
      w.loadingSeen = []
      w.prism.gateway.events.on('change', () => {
        const l = w.prism.gateway.snapshot.loading
        if (l && w.loadingSeen.at(-1) !== l) w.loadingSeen.push(l)
      })
    })
    await page.getByTestId('stage-0-model').selectOption('builtin:toon')
    expect(await page.evaluate(() => (window as unknown as { loadingSeen: string[] }).loadingSeen)).toContain(
      'builtin:toon',
    )
    await expect.poll(async () => (await snapshot(page)).loading, { timeout: 60_000 }).toBeUndefined()
    expect((await snapshot(page)).state).toBe('live')
    await expect
      .poll(async () => (await snapshot(page)).framesOut, { timeout: 10_000 })
      .toBeGreaterThan(before)
    await screenshot(page, 'ai-model-switched')
  })

  it('pays with tickets the node accepts, and verifies the returned frames locally', async () => {
    await expect
      .poll(async () => Number(await page.getByTestId('ledger-accepted').textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(Number(await page.getByTestId('ledger-tickets').textContent())).toBeGreaterThan(0)
    expect(await page.getByTestId('ledger-balance').textContent()).not.toBe('–')
    await expect
      .poll(() => page.locator('[data-testid="verification-row"]').count(), { timeout: 90_000 })
      .toBeGreaterThan(0)
    const ssim = Number(
      await page.locator('[data-testid="verification-row"]').first().getAttribute('data-ssim'),
    )
    console.log(`verification: SSIM of the returned frame vs local recomputation ${ssim.toFixed(3)}`)
    await screenshot(page, 'ledger-and-verification')
  })

  it('stops the stream', async () => {
    await page.getByTestId('stop').click()
    await expect.poll(async () => (await snapshot(page)).state, { timeout: 10_000 }).toBe('stopped')
    expect(await page.getByTestId('start').isVisible()).toBe(true)
  })

  it('swaps to the other orchestrator when the selected one is killed, and output resumes', async () => {
    expect((await snapshot(page)).framesOut).toBe(0)
    await page.getByTestId('start').click()
    await expect
      .poll(
        async () => {
          const s = await snapshot(page)
          return s.state === 'live' ? s.framesOut : 0
        },
        { timeout: 90_000 },
      )
      .toBeGreaterThan(20)
    const first = (await snapshot(page)).orchestrator!
    const victim = nodes.find((n) => n.url === first)!
    await victim.kill()
    await expect.poll(async () => (await swaps(page)).length, { timeout: 30_000 }).toBeGreaterThan(0)
    await expect.poll(async () => (await swaps(page))[0]?.recoverMs, { timeout: 90_000 }).toBeGreaterThan(0)
    const [swap] = await swaps(page)
    const now = await snapshot(page)
    expect(swap?.from).toBe(first)
    // The node died mid-stream: the live peer connection or the output watchdog noticed it.
    expect(['peer-failed', 'no-output']).toContain(swap?.reason)
    expect(swap?.outageMs).toBeGreaterThan(0)
    expect(now.orchestrator).not.toBe(first)
    expect(swap?.to).toBe(now.orchestrator)
    const framesAfter = now.framesOut
    await expect
      .poll(async () => (await snapshot(page)).framesOut, { timeout: 20_000 })
      .toBeGreaterThan(framesAfter)
    console.log(
      `time-to-recover: ${Math.round(swap!.recoverMs!)} ms after the failure was detected (${swap!.reason}); output gap ${Math.round(swap!.outageMs ?? Number.NaN)} ms`,
    )
    await screenshot(page, 'swapped')
    await page.getByTestId('stop').click()
  })
})
