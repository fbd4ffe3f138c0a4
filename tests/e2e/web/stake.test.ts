/**
 * The web app's Stake view on a dev chain: the dev wallet (anvil account 9, 10000 dev LPT) bonds
 * to the orchestrator from the pool table, sees its pending stake grow after two rounds of
 * reward(), sees fees from a redeemed ticket and withdraws them to its wallet, then unbonds and
 * withdraws the stake once the unbonding period has passed, every step's state on the page.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { redeemWinningTicket, reward } from '@prism/protocol'
import type { Browser, Page } from 'playwright-core'
import { type Address, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor, makeTicket } from '../../integration/chain/ticketFixture.ts'
import { launchChromium, screenshot, startWebApp, type WebApp } from './webApp.ts'

const DEV_WALLET: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

describe('web app: Stake view', () => {
  let chain: DevChain
  let app: WebApp
  let browser: Browser
  let page: Page
  const wei = async (id: string) => BigInt((await page.getByTestId(id).getAttribute('data-wei')) ?? '0')
  const lastStep = () => page.getByTestId('stake-step').first()

  beforeAll(async () => {
    chain = await startDevChain({ roundLength: 20, gateways: 1 })
    const dir = mkdtempSync(join(tmpdir(), 'prism-stake-'))
    const deploymentPath = join(dir, 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    app = await startWebApp(deploymentPath)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    await page.goto(`${app.url}/?view=stake`)
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await chain?.close()
  })

  it('lists the pool with stake, reward cut, fee share and service URI', async () => {
    const row = page.getByTestId(`orch-${chain.accounts.orchestrator.address}`)
    await expect.poll(() => row.getByTestId('orch-stake').textContent(), { timeout: 30_000 }).toBe('1000')
    expect(await row.getByTestId('orch-reward-cut').textContent()).toBe('10%')
    expect(await row.getByTestId('orch-fee-share').textContent()).toBe('50%')
    expect(await row.textContent()).toContain('http://127.0.0.1:8935')
  })

  it('the dev wallet bonds dev LPT to the orchestrator', async () => {
    await page.getByTestId('stake-connect-mock').click()
    await expect
      .poll(() => page.getByTestId('stake-wallet').textContent(), { timeout: 20_000 })
      .toContain(DEV_WALLET)
    await expect.poll(() => page.getByTestId('lpt-balance').textContent(), { timeout: 20_000 }).toBe('10000')
    await page.getByTestId('bond-amount').fill('100')
    await page.getByTestId(`bond-${chain.accounts.orchestrator.address}`).click()
    await expect.poll(() => lastStep().getAttribute('data-status'), { timeout: 30_000 }).toBe('confirmed')
    await expect
      .poll(() => page.getByTestId('delegator-status').textContent(), { timeout: 20_000 })
      .toContain('Pending')
    expect(await page.getByTestId('bonded-amount').textContent()).toBe('100')
    expect(await page.getByTestId('lpt-balance').textContent()).toBe('9900')
    await screenshot(page, 'stake-bonded')
  })

  it('sees rewards in its pending stake after two rounds of reward()', async () => {
    for (let i = 0; i < 2; i++) {
      await chain.advanceRound()
      await reward(clientFor(chain))
    }
    await expect
      .poll(() => page.getByTestId('delegator-status').textContent(), { timeout: 20_000 })
      .toBe('Bonded')
    await expect.poll(() => wei('pending-stake'), { timeout: 20_000 }).toBeGreaterThan(parseEther('100'))
    await screenshot(page, 'stake-rewards')
  })

  it('sees its fee share of a redeemed ticket and withdraws it to the wallet', async () => {
    await redeemWinningTicket(clientFor(chain), {
      ticket: await makeTicket(chain, { sender: chain.accounts.gateways[0]!, faceValue: parseEther('0.1') }),
    })
    await expect.poll(() => wei('pending-fees'), { timeout: 20_000 }).toBeGreaterThan(0n)
    const fees = await wei('pending-fees')
    const before = await chain.publicClient.getBalance({ address: DEV_WALLET })
    await page.getByTestId('withdraw-fees').click()
    await expect.poll(() => lastStep().textContent(), { timeout: 30_000 }).toMatch(/Withdraw fees: confirmed/)
    await expect.poll(() => wei('pending-fees'), { timeout: 20_000 }).toBe(0n)
    const after = await chain.publicClient.getBalance({ address: DEV_WALLET })
    // the fees minus the transaction's gas
    expect(after - before).toBeGreaterThan(fees - parseEther('0.001'))
    expect(after - before).toBeLessThanOrEqual(fees)
  })

  it('unbonds, waits out the unbonding period, then withdraws the stake', async () => {
    await page.getByTestId('unbond-amount').fill('40')
    await page.getByTestId('unbond').click()
    await expect
      .poll(() => page.getByTestId('lock-0').getAttribute('data-ready'), { timeout: 30_000 })
      .toBe('false')
    expect(await page.getByTestId('withdraw-stake-0').isDisabled()).toBe(true)
    await chain.advanceRound()
    await chain.advanceRound()
    await expect
      .poll(() => page.getByTestId('lock-0').getAttribute('data-ready'), { timeout: 20_000 })
      .toBe('true')
    const lptBefore = await page.getByTestId('lpt-balance').textContent()
    await page.getByTestId('withdraw-stake-0').click()
    await expect
      .poll(() => lastStep().textContent(), { timeout: 30_000 })
      .toMatch(/Withdraw stake of lock 0: confirmed/)
    await expect
      .poll(() => page.getByTestId('lpt-balance').textContent())
      .toBe(String(Number(lptBefore) + 40))
    await screenshot(page, 'stake-withdrawn')
  })
})
