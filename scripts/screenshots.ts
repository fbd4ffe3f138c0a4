/**
 * Refreshes the screenshots of the web app's main states in docs/screenshots/ (`npm run
 * screenshots`): starts a dev chain, a paid orchestrator with `prism dev`'s ticket defaults and
 * the web app the way tests/e2e/web does, then drives Chromium (playwright-core,
 * /usr/bin/chromium, fake camera) through a first visit, Start before funding, a missing browser
 * wallet, funding, a live AI stream with a winning ticket, and the details drawer, at 1440x900
 * and 1280x800.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { DEV_TICKETS, startWebNode } from '../tests/e2e/web/orchestratorProcess.ts'
import { freeTcpPort, launchChromium, startWebApp } from '../tests/e2e/web/webApp.ts'
import { startDevChain } from '../tests/helpers/devChain.ts'

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots')

type Snapshot = { state: string; framesOut: number }
const snapshot = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { prism: { gateway: { snapshot: Snapshot } } }).prism.gateway.snapshot,
  )

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

async function shot(page: Page, name: string): Promise<void> {
  // Let transitions and the last video frames settle.
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}

mkdirSync(OUT, { recursive: true })
const port = await freeTcpPort()
const chain = await startDevChain({
  roundLength: 200,
  gateways: 1,
  serviceUris: [`http://127.0.0.1:${port}`],
})
const node = await startWebNode({
  port,
  deployment: chain.deployment,
  ethKey: chain.accounts.orchestrators[0]!.privateKey,
  pricePerUnit: '1',
  tickets: DEV_TICKETS,
  autoAdjustPrice: true,
})
// A block a second, as `prism dev` mines them: ticket params expire and winners get redeemed.
const blocks = setInterval(() => void chain.mine(1).catch(() => {}), 1000)
const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-shots-')), 'deployment.json')
writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
const app = await startWebApp(deploymentPath)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.on('pageerror', (e) => console.log('pageerror', e.message))
  await page.goto(app.url)
  await page
    .getByTestId('session-key-address')
    .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
    .waitFor()
  await until('discovery', async () =>
    /orchestrator|fund/i.test((await page.getByTestId('discovery-status').textContent()) ?? ''),
  )
  await shot(page, '01-first-visit')

  await page.getByTestId('start').click()
  await page.getByTestId('start-error').waitFor({ timeout: 60_000 })
  await shot(page, '02-start-before-funding')

  await page.getByTestId('connect-injected').click()
  await page.getByTestId('wallet-error').waitFor()
  await shot(page, '03-no-browser-wallet')

  await page.getByTestId('connect-mock').click()
  await page.getByTestId('fund').click()
  await until('funds seen', async () =>
    /ready/.test((await page.getByTestId('discovery-status').textContent()) ?? ''),
  )
  await shot(page, '04-funded-ready')

  await page.getByTestId('preset-toon').click()
  await page.getByTestId('start').click()
  await until('live output', async () => (await snapshot(page)).framesOut > 40, 120_000)
  await page.getByTestId('redemption-toast').waitFor({ timeout: 90_000 })
  await shot(page, '05-live-ticket-won')

  await page.getByTestId('open-funds').click()
  await shot(page, '06-drawer-funds')
  await page.getByTestId('drawer-tab-payments').click()
  await shot(page, '07-drawer-payments')
  await page.getByTestId('drawer-tab-orchestrators').click()
  await shot(page, '08-drawer-orchestrators')
  await page.getByTestId('drawer-tab-charts').click()
  await shot(page, '09-drawer-charts')
  await page.getByTestId('drawer-close').click()

  await page.setViewportSize({ width: 1280, height: 800 })
  await page.getByTestId('preset-pencil').click()
  await page.waitForTimeout(3000)
  await shot(page, '10-live-1280x800')

  await page.getByTestId('stop').click()
  await until('stopped', async () => (await snapshot(page)).state === 'stopped')
} finally {
  clearInterval(blocks)
  await browser.close()
  await app.close()
  await node.close()
  await chain.close()
}
