/**
 * `prism orchestrator` with payment flags, as a real process against a real anvil: /info quotes
 * ticket params per sender, refuses a sender without reserve with SENDER_RESERVE_MISSING, and
 * POST /payment is served.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeOrchestratorInfo, rational } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { payerFor, postPayment } from './gatewayKit.ts'

const root = join(import.meta.dirname, '..', '..', '..')

describe('prism orchestrator with -ethKey (anvil, CLI process)', () => {
  let chain: DevChain
  let dir: string
  let child: ChildProcess
  let url: string
  let logs = ''
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 200 })
    dir = mkdtempSync(join(tmpdir(), 'prism-cli-pay-'))
    const deploymentFile = join(dir, 'deployment.json')
    writeFileSync(deploymentFile, JSON.stringify(chain.deployment))
    child = spawn(
      process.execPath,
      [
        join(root, 'apps/node/bin/prism.js'),
        'orchestrator',
        '-httpAddr',
        'http://127.0.0.1:0',
        '-dataDir',
        join(dir, 'data'),
        '-deployment',
        deploymentFile,
        '-ethKey',
        chain.accounts.orchestrator.privateKey,
        '-pricePerUnit',
        '1000',
        '-ticketEV',
        '1000000000000000',
        '-maxFaceValue',
        '2000000000000000',
        '-reward=false',
        '-nvidia',
        'none',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PRISM_LOG_LEVEL: 'info' } },
    )
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

  it('quotes ticket params for a funded sender', async () => {
    const gw = chain.accounts.gateways[0]!
    const info = decodeOrchestratorInfo(await (await fetch(`${url}/info?sender=${gw.address}`)).json())
    expect(info.address.toLowerCase()).toBe(chain.accounts.orchestrator.address.toLowerCase())
    expect(info.ticketParams?.recipient.toLowerCase()).toBe(chain.accounts.orchestrator.address.toLowerCase())
    expect(BigInt(info.ticketParams!.faceValue)).toBe(2_000_000_000_000_000n)
    // Auto-adjusted: more than the base price of 1000 wei per pixel.
    expect(BigInt(info.price.pricePerUnit) * 1n > 1000n * BigInt(info.price.pixelsPerUnit)).toBe(true)
    // Every pipeline the gateway may pick (ai included) is paid at the price the params are bound
    // to: a per-pipeline figure that differs would be echoed and fail the recipientRand check.
    expect(info.pipelines.map((p) => p.kind)).toContain('ai')
    for (const p of info.pipelines) expect(p.price).toEqual(info.price)
  })

  it('refuses params to a sender without reserve', async () => {
    const unfunded = chain.allAccounts[9]!
    const res = await fetch(`${url}/info?sender=${unfunded.address}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'SENDER_RESERVE_MISSING' })
  })

  it('serves POST /payment', async () => {
    const payer = await payerFor(chain, chain.accounts.gateways[0]!, url)
    const p = await payer.pay(rational(10n ** 15n))
    const res = await postPayment(url, p.header, 'cli-session')
    expect(res.status).toBe(200)
    expect(res.body.accepted).toBe(p.tickets)
  })
})
