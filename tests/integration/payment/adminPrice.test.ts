/**
 * One price owner on a paid node (`prism orchestrator -ethKey … -adminToken …` as a real process
 * against anvil): `POST /admin/price` changes the PricePolicy that `/info`, `/info?sender=` and the
 * ticket params issuer all read. Params issued after the change are bound to the new price (a
 * payment echoing it passes the recipientRand check); a session whose price was fixed before keeps
 * its price.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeOrchestratorInfo, type OrchestratorInfo, rational } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { payerFor, postPayment } from './gatewayKit.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const TOKEN = 'admin-secret'

describe('POST /admin/price on a paid node', () => {
  let chain: DevChain
  let dir: string
  let child: ChildProcess
  let url: string
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 200 })
    dir = mkdtempSync(join(tmpdir(), 'prism-admin-price-'))
    const deploymentFile = join(dir, 'deployment.json')
    writeFileSync(deploymentFile, JSON.stringify(chain.deployment))
    child = spawn(
      process.execPath,
      [
        join(root, 'apps/node/bin/prism.js'),
        'orchestrator',
        ...['-httpAddr', 'http://127.0.0.1:0', '-dataDir', join(dir, 'data'), '-deployment', deploymentFile],
        ...['-ethKey', chain.accounts.orchestrator.privateKey, '-adminToken', TOKEN],
        ...['-pricePerUnit', '1000', '-autoAdjustPrice=false'],
        ...['-ticketEV', '1000000000000000', '-maxFaceValue', '2000000000000000'],
        ...['-reward=false', '-ai=false', '-nvidia', 'none'],
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PRISM_LOG_LEVEL: 'info' } },
    )
    let logs = ''
    url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        logs += d.toString()
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(logs)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`prism exited ${code}:\n${logs}`)))
    })
  })
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    await chain?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const info = async (sender?: string): Promise<OrchestratorInfo> =>
    decodeOrchestratorInfo(await (await fetch(`${url}/info${sender ? `?sender=${sender}` : ''}`)).json())

  it('changes the price /info quotes and the price new ticket params are bound to', async () => {
    const gw = chain.accounts.gateways[0]!
    const before = await info(gw.address)
    expect(before.price).toEqual({ pricePerUnit: '1000', pixelsPerUnit: '1' })
    // A session that pays before the change fixes its price at 1000.
    const early = await payerFor(chain, gw, url)
    const paidEarly = await postPayment(url, (await early.pay(rational(10n ** 15n))).header, 'early')
    expect(paidEarly.status).toBe(200)

    const set = await fetch(`${url}/admin/price`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pricePerUnit: '3000', pixelsPerUnit: '1' }),
    })
    expect(set.status).toBe(200)

    const NEW = { pricePerUnit: '3000', pixelsPerUnit: '1' }
    expect((await info()).price).toEqual(NEW)
    const after = await info(gw.address)
    expect(after.price).toEqual(NEW)
    for (const p of after.pipelines) expect(p.price).toEqual(NEW)
    expect(after.ticketParams?.recipientRandHash).not.toBe(before.ticketParams?.recipientRandHash)

    // Params issued after the change are bound to 3000: a payment echoing 3000 as its expected
    // price passes the recipientRand check, and the session's next params carry 3000.
    const late = await payerFor(chain, gw, url)
    expect(late.info.price).toEqual(NEW)
    const paidLate = await postPayment(url, (await late.pay(rational(10n ** 15n))).header, 'late')
    expect([paidLate.status, paidLate.body.code]).toEqual([200, undefined])
    expect(paidLate.body.accepted).toBeGreaterThan(0)
    expect((paidLate.body.ticketParams as { price: unknown }).price).toEqual(NEW)

    // The early session keeps the price it fixed (its params stay bound to it).
    const again = await postPayment(url, (await early.pay(rational(10n ** 15n))).header, 'early')
    expect(again.status).toBe(200)
    expect((again.body.ticketParams as { price: unknown }).price).toEqual({
      pricePerUnit: '1000',
      pixelsPerUnit: '1',
    })
  })
})
