/**
 * The paid orchestrator's start on a real anvil: the account from an encrypted keystore (a wrong
 * password refused), the chain id checked against the network, a paid network without an
 * account refused, contracts resolved through -ethController, and the registration advice for an
 * account that is not an orchestrator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createChainClient, getNetwork, resolveControllerContracts } from '@prism/protocol'
import { encryptKeystoreJsonSync } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registrationStatus } from '../../../apps/node/src/chain/startupChecks.ts'
import { type PaymentFlagValues, paymentStackFromFlags } from '../../../apps/node/src/index.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'

describe('orchestrator startup checks (anvil)', () => {
  let chain: DevChain
  let dir: string
  let flags: PaymentFlagValues
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1 })
    dir = mkdtempSync(join(tmpdir(), 'prism-start-'))
    const orch = chain.accounts.orchestrator
    writeFileSync(
      join(dir, 'orch.json'),
      encryptKeystoreJsonSync(orch, 'open sesame', { scrypt: { N: 1 << 10 } }),
    )
    writeFileSync(join(dir, 'pw'), 'open sesame\n', { mode: 0o600 })
    writeFileSync(join(dir, 'bad-pw'), 'open barley\n', { mode: 0o600 })
    writeFileSync(join(dir, 'deployment.json'), JSON.stringify(chain.deployment))
    flags = {
      deployment: join(dir, 'deployment.json'),
      autoAdjustPrice: true,
      ticketEV: '8000000000',
      maxFaceValue: '0',
      txCostMultiplier: '100',
      prepaySeconds: 60,
      paymentGraceSeconds: 10,
      paymentCloseSeconds: 30,
      reward: false,
      pricePerUnit: '1000',
      pixelsPerUnit: '1',
      dataDir: join(dir, 'node'),
    }
  })
  afterAll(async () => {
    await chain?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('unlocks the keystore and pays to its account', async () => {
    const stack = await paymentStackFromFlags({
      ...flags,
      ethKeystorePath: join(dir, 'orch.json'),
      ethPassword: join(dir, 'pw'),
    })
    try {
      expect(stack?.recipient).toBe(chain.accounts.orchestrator.address)
    } finally {
      await stack?.close()
    }
  })

  it('refuses a wrong keystore password', async () => {
    await expect(
      paymentStackFromFlags({
        ...flags,
        ethKeystorePath: join(dir, 'orch.json'),
        ethPassword: join(dir, 'bad-pw'),
      }),
    ).rejects.toMatchObject({ code: 'KEYSTORE_UNLOCK_FAILED' })
  })

  it('refuses an RPC of another chain than the network (chain id mismatch)', async () => {
    // arbitrum-one is chain 42161; anvil answers 31337
    await expect(
      paymentStackFromFlags({
        ...flags,
        network: 'arbitrum-one-mainnet',
        ethUrl: chain.rpcUrl,
        ethKey: chain.accounts.orchestrator.privateKey,
      }),
    ).rejects.toMatchObject({ code: 'CHAIN_ID_MISMATCH', expected: 42161, actual: 31337 })
  })

  it('refuses a paid network without an account, and runs free only off chain', async () => {
    await expect(paymentStackFromFlags({ ...flags, network: 'dev' })).rejects.toMatchObject({
      code: 'CHAIN_KEY_MISSING',
    })
    // a deployment alone means the dev chain: still no account
    await expect(paymentStackFromFlags(flags)).rejects.toMatchObject({ code: 'CHAIN_KEY_MISSING' })
    const { deployment: _d, ...noChain } = flags
    expect(await paymentStackFromFlags(noChain)).toBeUndefined()
    expect(await paymentStackFromFlags({ ...flags, network: 'offchain' })).toBeUndefined()
  })

  it('resolves every contract through the Controller (-ethController)', async () => {
    const client = createChainClient({ network: getNetwork('dev', chain.deployment) })
    const resolved = await resolveControllerContracts(client, {
      controller: chain.deployment.contracts.controller,
    })
    expect(resolved).toEqual(chain.deployment.contracts)
    // a deployment file with stale addresses still works when the Controller is given
    const stale = {
      ...chain.deployment,
      contracts: { ...chain.deployment.contracts, ticketBroker: chain.accounts.deployer.address },
    }
    writeFileSync(join(dir, 'stale.json'), JSON.stringify(stale))
    const stack = await paymentStackFromFlags({
      ...flags,
      deployment: join(dir, 'stale.json'),
      ethController: chain.deployment.contracts.controller,
      ethKey: chain.accounts.orchestrator.privateKey,
      dataDir: join(dir, 'node2'),
    })
    try {
      expect(stack).toBeDefined()
      await expect(
        resolveControllerContracts(client, { controller: chain.accounts.deployer.address }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^CHAIN_/) })
    } finally {
      await stack?.close()
    }
  })

  it('tells an account that is not an orchestrator what to do', async () => {
    const client = createChainClient({ network: getNetwork('dev', chain.deployment) })
    const gw = await registrationStatus(client, chain.accounts.gateways[0]!.address)
    expect(gw).toMatchObject({ registered: false, active: false })
    expect(gw.advice).toContain('prism chain bond')
    const orch = await registrationStatus(client, chain.accounts.orchestrator.address)
    expect(orch).toMatchObject({ registered: true, active: true })
    expect(orch.advice).toBeUndefined()
  })
})
