/**
 * Rounds, reward, registration and service URI through ChainClient against anvil, plus the typed
 * error for an unreachable RPC.
 */
import { getNetwork } from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChainClient } from '../../../apps/node/src/chain/ChainClient.ts'
import type { RoundInfo } from '../../../apps/node/src/chain/ChainClientTypes.ts'
import { freePort } from '../../../apps/node/src/dev/startAnvil.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { clientFor } from './ticketFixture.ts'

describe('rounds and reward', () => {
  let chain: DevChain
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 1 })
  })
  afterAll(async () => {
    await chain?.close()
  })

  it('reward() mints once per round; a second call in the same round reverts', async () => {
    const client = clientFor(chain)
    const stakeBefore = (await client.getTranscoder()).bondedAmount
    const first = await client.reward()
    expect(first.amount).toBeGreaterThan(0n)
    const t = await client.getTranscoder()
    expect(t.bondedAmount).toBe(stakeBefore + first.amount)
    expect(t.lastRewardRound).toBe(await client.getCurrentRound())
    await expect(client.reward()).rejects.toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'caller has already called reward for the current round',
    })
    await chain.advanceRound()
    expect((await client.reward()).amount).toBeGreaterThan(0n)
  })

  it('reward() reverts for an address that is not an active transcoder', async () => {
    await expect(clientFor(chain, chain.accounts.gateways[0]!).reward()).rejects.toMatchObject({
      reason: 'caller must be an active transcoder',
    })
  })

  it('a newly registered orchestrator is active from the next round, with its service URI', async () => {
    const newcomer = chain.allAccounts[8]!
    const client = clientFor(chain, newcomer)
    await client.registerTranscoder({ stake: parseEther('10'), serviceUri: 'https://127.0.0.1:9999' })
    expect(await client.isActiveTranscoder()).toBe(false)
    expect(await client.getServiceURI(newcomer.address)).toBe('https://127.0.0.1:9999')
    await chain.advanceRound()
    expect(await client.isActiveTranscoder()).toBe(true)
    expect(await client.getTranscoderPool()).toEqual([chain.accounts.orchestrator.address, newcomer.address])
    await client.setServiceURI('https://127.0.0.1:9998')
    expect(await client.getServiceURI()).toBe('https://127.0.0.1:9998')
  })

  it('watchRounds reports the current state, then each new initialized round with its block hash', async () => {
    const client = clientFor(chain)
    const watcher = client.watchRounds({ intervalMs: 50 })
    try {
      const initial = await new Promise<RoundInfo>((resolve) => watcher.once('initialized', resolve))
      expect(initial.currentRoundInitialized).toBe(true)
      const next = new Promise<RoundInfo>((resolve) => watcher.once('initialized', resolve))
      const round = await chain.advanceRound()
      const info = await next
      expect(info.lastInitializedRound).toBe(round)
      expect(info.lastInitializedBlockHash).toBe(await client.blockHashForRound(round))
      expect(info.lastInitializedBlockHash).not.toBe(`0x${'0'.repeat(64)}`)
    } finally {
      watcher.close()
    }
  })

  it('reads gas price and block number', async () => {
    const client = clientFor(chain)
    expect(await client.getGasPrice()).toBeGreaterThan(0n)
    const block = await client.getBlockNumber()
    await chain.mine(3)
    expect(await client.getBlockNumber()).toBe(block + 3n)
  })

  it('writes without an account fail with CHAIN_ACCOUNT_MISSING', async () => {
    const readOnly = new ChainClient({ network: getNetwork('dev', chain.deployment) })
    expect(await readOnly.isActiveTranscoder(chain.accounts.orchestrator.address)).toBe(true)
    await expect(readOnly.reward()).rejects.toMatchObject({ code: 'CHAIN_ACCOUNT_MISSING' })
  })
})

describe('unreachable RPC', () => {
  it('surfaces CHAIN_RPC_UNAVAILABLE', async () => {
    const port = await freePort()
    const network = {
      ...getNetwork('arbitrum-one'),
      rpcUrl: `http://127.0.0.1:${port}`,
    }
    const client = new ChainClient({ network })
    await expect(client.getBlockNumber()).rejects.toMatchObject({ code: 'CHAIN_RPC_UNAVAILABLE' })
    await expect(client.isActiveTranscoder(network.contracts.ticketBroker)).rejects.toMatchObject({
      code: 'CHAIN_RPC_UNAVAILABLE',
    })
  })
})
