/**
 * `prism chain <command>`: the operator's chain tools on a real anvil, run in-process through
 * runChain (the same code `prism chain` runs): status, bond/unbond/rebond, transcoder params,
 * service URI, reward, withdrawFees, and the gateway's fund/unlock/cancelUnlock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getServiceUri, getTranscoder, redeemWinningTicket } from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChain } from '../../../apps/node/src/index.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor, makeTicket } from './ticketFixture.ts'

describe('prism chain (anvil)', () => {
  let chain: DevChain
  let dir: string
  let base: string[]
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1, roundLength: 40 })
    dir = mkdtempSync(join(tmpdir(), 'prism-chaincli-'))
    writeFileSync(join(dir, 'deployment.json'), JSON.stringify(chain.deployment))
    base = ['-deployment', join(dir, 'deployment.json')]
  })
  afterAll(async () => {
    await chain?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Runs a command as `account` (a key file), returns its JSON output. */
  async function cli(account: { privateKey: string } | null, args: string[]) {
    const keyArgs: string[] = []
    if (account) {
      const file = join(dir, `${account.privateKey.slice(2, 10)}.key`)
      writeFileSync(file, account.privateKey, { mode: 0o600 })
      keyArgs.push('-ethKeyFile', file)
    }
    let out = ''
    const [command, ...rest] = args
    const code = await runChain([command!, ...base, ...keyArgs, '-json', ...rest], (s) => {
      out += s
    })
    expect(code).toBe(0)
    return JSON.parse(out) as Record<string, unknown>
  }

  it('status shows an orchestrator: round, stake, cuts, service URI, active', async () => {
    const status = await cli(null, ['status', '-address', chain.accounts.orchestrator.address])
    expect(status).toMatchObject({
      network: 'dev',
      delegatorStatus: 'Bonded',
      bondedAmount: parseEther('1000').toString(),
      orchestrator: {
        active: true,
        rewardCut: '100000',
        feeShare: '500000',
        serviceUri: 'http://127.0.0.1:8935',
      },
    })
  })

  it('a delegator bonds, unbonds into a lock and rebonds it', async () => {
    const d = chain.allAccounts[7]!
    const orch = chain.accounts.orchestrator.address
    await cli(d, ['bond', '-amount', '25', '-to', orch])
    expect(await cli(d, ['status'])).toMatchObject({
      delegate: orch,
      bondedAmount: parseEther('25').toString(),
    })
    await chain.advanceRound()
    const unbonded = await cli(d, ['unbond', '-amount', '5'])
    expect(unbonded.unbondingLockId).toBe('0')
    expect((await cli(d, ['status'])).unbondingLocks).toHaveLength(1)
    await cli(d, ['rebond', '-lock', '0'])
    expect(await cli(d, ['status'])).toMatchObject({
      bondedAmount: parseEther('25').toString(),
      unbondingLocks: [],
    })
  })

  it('the orchestrator calls reward, sets its cuts and service URI, and withdraws its fees', async () => {
    const o = chain.accounts.orchestrator
    const client = clientFor(chain)
    expect(BigInt((await cli(o, ['reward'])).amount as string)).toBeGreaterThan(0n)
    await cli(o, ['transcoder', '-rewardCut', '12.5', '-feeShare', '40'])
    expect(await getTranscoder(client, { address: o.address })).toMatchObject({
      rewardCut: 125_000n,
      feeShare: 400_000n,
    })
    await cli(o, ['serviceUri', '-uri', 'https://orch.example:8935'])
    expect(await getServiceUri(client, { address: o.address })).toBe('https://orch.example:8935')
    await redeemWinningTicket(client, {
      ticket: await makeTicket(chain, { sender: chain.accounts.gateways[0]!, faceValue: parseEther('0.02') }),
    })
    const cold = chain.allAccounts[9]!.address
    const before = await chain.publicClient.getBalance({ address: cold })
    const sent = await cli(o, ['withdrawFees', '-recipient', cold])
    expect(BigInt(sent.amount as string)).toBeGreaterThan(parseEther('0.01'))
    expect((await chain.publicClient.getBalance({ address: cold })) - before).toBe(
      BigInt(sent.amount as string),
    )
  })

  it('a gateway funds, unlocks and cancels the unlock', async () => {
    const g = chain.allAccounts[6]!
    await cli(g, ['fund', '-deposit', '0.5', '-reserve', '0.25'])
    expect((await cli(g, ['status'])).gateway).toMatchObject({
      deposit: parseEther('0.5').toString(),
      reserve: parseEther('0.25').toString(),
      withdrawRound: '0',
    })
    await cli(g, ['unlock'])
    expect(((await cli(g, ['status'])).gateway as { withdrawRound: string }).withdrawRound).not.toBe('0')
    await cli(g, ['cancelUnlock'])
    expect(((await cli(g, ['status'])).gateway as { withdrawRound: string }).withdrawRound).toBe('0')
  })

  it('refuses a transaction without an account, and an unknown command', async () => {
    await expect(runChain(['unbond', ...base, '-amount', '1'], () => {})).rejects.toMatchObject({
      code: 'CHAIN_ACCOUNT_MISSING',
    })
    await expect(runChain(['bond', ...base, '-amount', '1'], () => {})).rejects.toMatchObject({
      code: 'CLI_FLAG_INVALID',
    })
    let help = ''
    expect(await runChain(['nope'], (s) => (help += s))).toBe(2)
    expect(help).toContain('withdrawFees')
  })
})
