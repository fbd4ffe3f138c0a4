/**
 * The web app on a fresh machine (no wallet extension): the dev wallet connects, the session key
 * is funded on chain in one transaction, and the withdraw flow (unlock, unlock period, withdraw,
 * send back) completes while the test advances rounds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ticketBrokerAbi } from '@prism/protocol'
import type { Browser, Page } from 'playwright-core'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { launchChromium, screenshot, startWebApp, type WebApp } from './webApp.ts'

const DEV_WALLET: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

describe('web app: dev wallet, session key funding and withdraw', () => {
  let chain: DevChain
  let app: WebApp
  let browser: Browser
  let page: Page
  let sessionKey: Address

  beforeAll(async () => {
    chain = await startDevChain({ roundLength: 10, gateways: 1 })
    const dir = mkdtempSync(join(tmpdir(), 'prism-web-'))
    const deploymentPath = join(dir, 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    await page.goto(app.url)
    await page
      .getByTestId('session-key-address')
      .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
      .waitFor()
    sessionKey = (await page.getByTestId('session-key-address').textContent()) as Address
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await chain?.close()
  })

  it('connects the dev wallet', async () => {
    await page.getByTestId('connect-mock').click()
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toBe(DEV_WALLET)
    await screenshot(page, 'wallet-connected')
  })

  it('funds the session key deposit and reserve in one transaction', async () => {
    await page.getByTestId('fund-deposit').fill('0.3')
    await page.getByTestId('fund-reserve').fill('0.2')
    await page.getByTestId('fund').click()
    await expect.poll(() => page.getByTestId('deposit').textContent(), { timeout: 30_000 }).toBe('0.3 ETH')
    await expect.poll(() => page.getByTestId('reserve').textContent()).toBe('0.2 ETH')
    const [sender, reserve] = await chain.publicClient.readContract({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      functionName: 'getSenderInfo',
      args: [sessionKey],
    })
    expect(sender.deposit).toBe(300_000_000_000_000_000n)
    expect(reserve.fundsRemaining).toBe(200_000_000_000_000_000n)
    expect(await page.getByTestId('unlock-state').textContent()).toContain('locked')
    await screenshot(page, 'session-key-funded')
  })

  it('withdraws back to the wallet through unlock, the unlock period and withdraw', async () => {
    const walletBefore = await chain.publicClient.getBalance({ address: DEV_WALLET })
    // Withdraw lives in the Funds drawer, opened from the header's session funds.
    await page.getByTestId('open-funds').click()
    await page.getByTestId('withdraw').click()
    const steps = new Set<string>()
    const deadline = Date.now() + 120_000
    for (;;) {
      const step = await page
        .getByTestId('withdraw-step')
        .getAttribute('data-step')
        .catch(() => null)
      if (step) steps.add(step)
      if (step === 'done' || step === 'error') break
      if (step === 'waiting') await chain.advanceRound()
      if (Date.now() > deadline) throw new Error(`withdraw did not finish; steps ${[...steps].join(',')}`)
      await new Promise((r) => setTimeout(r, 300))
    }
    await screenshot(page, 'withdraw-done')
    expect(await page.getByTestId('withdraw-step').getAttribute('data-step')).toBe('done')
    expect(steps.has('waiting')).toBe(true)
    const [sender, reserve] = await chain.publicClient.readContract({
      address: chain.deployment.contracts.ticketBroker,
      abi: ticketBrokerAbi,
      functionName: 'getSenderInfo',
      args: [sessionKey],
    })
    expect(sender.deposit).toBe(0n)
    expect(reserve.fundsRemaining).toBe(0n)
    const walletAfter = await chain.publicClient.getBalance({ address: DEV_WALLET })
    // The wallet paid a gas top-up (0.01 ETH) and got 0.5 ETH plus the unspent top-up back.
    expect(walletAfter - walletBefore).toBeGreaterThan(490_000_000_000_000_000n)
    await expect.poll(() => page.getByTestId('deposit').textContent()).toBe('0 ETH')
  })
})
