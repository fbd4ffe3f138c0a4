/**
 * A paid session over real WebRTC (werift), a real orchestrator with the PaymentStack and a real
 * anvil: the headless client (WhipClient + Payer) prepays, streams 20 s paying as it goes, gets
 * balance updates on the `payment` data channel; every ticket wins (winProb ≈ 1), is queued and
 * redeemed on chain. A client that stops paying is paused, told why, then closed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { createChainClient, getNetwork, getPendingFees, isTicketUsed, rational } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { payerFor, readClient } from './gatewayKit.ts'

const FACE = 10n ** 16n
/** wei per pixel: one ticket ≈ 1 s of 320x240x30 output. */
const PRICE = 4_000_000_000n

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('paid WebRTC session (anvil, werift, orchestrator)', () => {
  let chain: DevChain
  let stack: PaymentStack
  let node: RunningOrchestrator
  let dataDir: string
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 2, roundLength: 400 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-paid-'))
    const client = createChainClient({
      network: getNetwork('dev', chain.deployment),
      rpcUrl: chain.rpcUrl,
      account: chain.accounts.orchestrator.privateKey,
      pollingIntervalMs: 100,
    })
    stack = await createPaymentStack({
      client,
      dataDir,
      price: { pricePerUnit: PRICE, autoAdjustPrice: false },
      payments: {
        ticketEV: FACE - 1n,
        maxFaceValue: FACE,
        prepaySeconds: 1,
        graceSeconds: 2,
        closeAfterSeconds: 3,
        balanceIntervalMs: 2000,
        tickMs: 250,
      },
      reward: false,
      pollMs: 100,
    })
    node = await startOrchestrator({ httpAddr: 'http://127.0.0.1:0', payments: stack, monitor: true })
  })
  afterAll(async () => {
    await node?.close()
    await stack?.close()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('prepays, streams 20 s with balance updates, and the winners are redeemed on chain', async () => {
    const gw = chain.accounts.gateways[0]!
    const payer = await payerFor(chain, gw, node.url)
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'paid',
      source: { type: 'testsrc', width: 320, height: 240, fps: 30, durationSec: 40 },
      senderKey: gw.privateKey,
    })
    const events: Array<Record<string, unknown>> = []
    client.on('payment', (m) => {
      if (m instanceof Uint8Array) return
      events.push(m)
      payer.handleEvent(m)
    })
    try {
      await client.payment.opened()
      await sleep(1500)
      expect(client.stats.framesReceived).toBe(0)
      // Prepay: 1 s of the session's expected pixels (640x360x30 before the size is known).
      const first = await payer.pay(rational(640n * 360n * 30n * PRICE))
      client.payment.send(JSON.stringify(first.message))
      await client.waitForFrames(20, 15_000)
      let tickets = first.tickets
      const perSecond = rational((320n * 240n * 30n * PRICE * 12n) / 10n)
      for (let s = 0; s < 20; s++) {
        await sleep(1000)
        const p = await payer.pay(perSecond)
        tickets += p.tickets
        client.payment.send(JSON.stringify(p.message))
      }
      await sleep(500)
      const balances = events.filter((e) => e.type === 'balance')
      expect(balances.length).toBeGreaterThanOrEqual(5)
      const debited = balances.map((b) => BigInt(b.debited as string))
      expect(debited.at(-1)! > debited[0]!).toBe(true)
      expect(events.filter((e) => e.type === 'paused')).toEqual([])
      expect(events.filter((e) => e.type === 'paymentError')).toEqual([])
      expect(client.stats.framesReceived).toBeGreaterThan(100)
      expect(tickets).toBeGreaterThan(10)

      const queued = stack.store.allTickets()
      expect(queued.length).toBe(tickets)
      const rc = readClient(chain)
      const feesBefore = await getPendingFees(rc, { delegator: chain.accounts.orchestrator.address })
      await chain.mine(45)
      await chain.advanceRound()
      const end = Date.now() + 60_000
      while (stack.store.pendingCount() > 0 && Date.now() < end) await sleep(200)
      expect(stack.store.pendingCount()).toBe(0)
      expect(stack.store.allTickets().every((t) => t.status === 'redeemed')).toBe(true)
      for (const t of queued) expect(await isTicketUsed(rc, { ticketHash: t.ticketHash })).toBe(true)
      const feesAfter = await getPendingFees(rc, { delegator: chain.accounts.orchestrator.address })
      // fees wait in the fee pool (withdrawFees); all the orchestrator's (no delegators), less rounding
      expect(feesAfter - feesBefore).toBeLessThanOrEqual(BigInt(tickets) * FACE)
      expect(feesAfter - feesBefore).toBeGreaterThan(BigInt(tickets) * FACE - 100n)
      const metrics = await (await fetch(`${node.url}/metrics`)).text()
      expect(metrics).toMatch(/livepeer_ticket_value_redeemed \d+/)
      expect(metrics).toMatch(new RegExp(`livepeer_winning_tickets_recv ${tickets}`))
    } finally {
      await client.close()
    }
  })

  it('a gateway that stops paying is paused, told why, then closed', async () => {
    const gw = chain.accounts.gateways[1]!
    const payer = await payerFor(chain, gw, node.url)
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'unpaid',
      source: { type: 'testsrc', width: 320, height: 240, fps: 30, durationSec: 60 },
      senderKey: gw.privateKey,
    })
    const events: Array<Record<string, unknown>> = []
    client.on('payment', (m) => {
      if (!(m instanceof Uint8Array)) events.push(m)
    })
    const closed = new Promise<void>((r) => client.once('close', () => r()))
    try {
      await client.payment.opened()
      const first = await payer.pay(rational(640n * 360n * 30n * PRICE))
      client.payment.send(JSON.stringify(first.message))
      await client.waitForFrames(20, 15_000)
      const end = Date.now() + 60_000
      while (!events.some((e) => e.type === 'closing') && Date.now() < end) await sleep(200)
      const types = events.map((e) => e.type)
      expect(types.indexOf('paused')).toBeGreaterThan(-1)
      expect(types.indexOf('closing')).toBeGreaterThan(types.indexOf('paused'))
      expect(events.find((e) => e.type === 'paused')!.reason).toMatch(/PAYMENT_BALANCE_INSUFFICIENT/)
      const gone = Date.now() + 10_000
      while (node.orchestrator.getSessionByStream('unpaid') && Date.now() < gone) await sleep(100)
      expect(node.orchestrator.getSessionByStream('unpaid')).toBeUndefined()
      await Promise.race([closed, sleep(5000)])
    } finally {
      await client.close()
    }
  })
})
