/**
 * The web app as a new user meets it, against an orchestrator with `prism dev`'s ticket terms
 * (high-probability tickets, auto-adjusted price) on a chain that mines a block a second like
 * `prism dev`: a missing browser wallet is a clear message (no page error); funding then Start
 * works without a Refresh click; money reads in ETH/gwei with units; a winning ticket is redeemed
 * on chain within a minute of streaming and the page says so with its transaction; a reload keeps
 * the wallet connected.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ticketBrokerAbi } from '@prism/protocol'
import type { Browser, Page } from 'playwright-core'
import { type Address, type Hash, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { DEV_TICKETS, type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { launchChromium, screenshot, startWebApp, type WebApp } from './webApp.ts'

const DEV_WALLET: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

type Snapshot = { state: string; orchestrator?: string; framesOut: number }
const snapshot = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { prism: { gateway: { snapshot: Snapshot } } }).prism.gateway.snapshot,
  )

describe('web app: a new user funds, streams, sees money in units and a winning ticket, reloads', () => {
  let chain: DevChain
  let node: OrchestratorProcess
  let app: WebApp
  let browser: Browser
  let page: Page
  let blocks: ReturnType<typeof setInterval>
  const pageErrors: string[] = []
  let sessionKey: Address

  beforeAll(async () => {
    const port = await freePort()
    chain = await startDevChain({ roundLength: 1000, gateways: 1, serviceUris: [`http://127.0.0.1:${port}`] })
    node = await startWebNode({
      port,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrators[0]!.privateKey,
      pricePerUnit: '1',
      tickets: DEV_TICKETS,
      autoAdjustPrice: true,
    })
    // A block a second, as prism dev mines them: params expire and winners get redeemed.
    blocks = setInterval(() => void chain.mine(1).catch(() => {}), 1000)
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(app.url)
    await page
      .getByTestId('session-key-address')
      .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
      .waitFor()
    sessionKey = (await page.getByTestId('session-key-address').textContent()) as Address
  })

  afterAll(async () => {
    clearInterval(blocks)
    await browser?.close()
    await app?.close()
    await node?.close()
    await chain?.close()
  })

  it('says clearly that there is no browser wallet, without a page error', async () => {
    await page.getByTestId('connect-injected').click()
    await expect
      .poll(() => page.getByTestId('wallet-error').textContent())
      .toContain('no browser wallet found: install MetaMask')
    expect(pageErrors).toEqual([])
  })

  it('funds the session key, then starts without a Refresh click', async () => {
    await page.getByTestId('connect-mock').click()
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toBe(DEV_WALLET)
    await page.getByTestId('pipeline-kind').selectOption('passthrough')
    await page.getByTestId('fund').click()
    await expect
      .poll(() => page.getByTestId('header-deposit').textContent(), { timeout: 30_000 })
      .toBe('0.5 ETH')
    // Start at once: the node may not have seen the funds yet; the page waits for it.
    await page.getByTestId('start').click()
    await expect.poll(async () => (await snapshot(page)).framesOut, { timeout: 60_000 }).toBeGreaterThan(20)
    expect((await snapshot(page)).orchestrator).toBe(node.url)
    expect(await page.getByTestId('start-error').count()).toBe(0)
  })

  it('shows money in ETH and gwei with units: balances, price per pixel, cost per minute, the markup', async () => {
    expect(await page.getByTestId('wallet-balance').textContent()).toMatch(/^[0-9.]+ ETH$/)
    expect(await page.getByTestId('cost-per-minute').textContent()).toMatch(/^[0-9.]+ (gwei|ETH)\/min$/)
    expect(await page.getByTestId('header-cost').textContent()).toMatch(/gwei\/min/)
    // 1 wei/pixel plus the redemption gas markup.
    expect(await page.getByTestId('price-per-pixel').textContent()).toMatch(/^1\.[0-9]+ wei\/pixel$/)
    await page.getByTestId('open-funds').click()
    expect(await page.getByTestId('reserve').textContent()).toBe('0.5 ETH')
    await page.getByTestId('drawer-tab-payments').click()
    await expect
      .poll(() => page.getByTestId('ledger-ev').textContent(), { timeout: 20_000 })
      .toMatch(/ (ETH|gwei)$/)
    expect(await page.getByTestId('ledger-balance').textContent()).toMatch(/^[0-9.]+ (ETH|gwei)/)
    await expect
      .poll(() => page.getByTestId('price-markup').textContent(), { timeout: 10_000 })
      .toMatch(/^\+[0-9.]+%$/)
    expect(await page.getByTestId('ticket-face-value').textContent()).toBe('0.001 ETH')
    expect(await page.getByTestId('markup-explained').textContent()).toContain(
      'base × (1 + redemption gas / face value)',
    )
    // No raw wei counts anywhere ("8000000000 wei", "16000.00M wei").
    expect(await page.locator('body').textContent()).not.toMatch(/[0-9]{5,} wei|M wei/)
    await screenshot(page, 'new-user-payments')
    await page.getByTestId('drawer-close').click()
  })

  it('redeems a winning ticket on chain within a minute of streaming and says so with its transaction', async () => {
    const toast = page.getByTestId('redemption-toast')
    await toast.waitFor({ timeout: 60_000 })
    expect(await toast.textContent()).toContain('Ticket won — redeemed on chain in tx 0x')
    const tx = (await toast.getAttribute('data-tx')) as Hash
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: tx })
    expect(receipt.status).toBe('success')
    const [redeemed] = parseEventLogs({
      abi: ticketBrokerAbi,
      logs: receipt.logs,
      eventName: 'WinningTicketRedeemed',
    })
    expect(redeemed).toBeDefined()
    const { sender } = redeemed!.args as { sender: Address }
    expect(sender.toLowerCase()).toBe(sessionKey.toLowerCase())
    expect(await page.getByTestId('header-wins').textContent()).toMatch(/^[1-9][0-9]* won$/)
    await screenshot(page, 'new-user-ticket-won')
  })

  it('keeps the wallet connected after a reload', async () => {
    await page.getByTestId('stop').click()
    await page.reload()
    await expect
      .poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 })
      .toBe(DEV_WALLET)
    expect(await page.getByTestId('connect-mock').count()).toBe(0)
    // The funded key is the same one, so no setup card.
    expect(await page.getByTestId('setup').count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})
