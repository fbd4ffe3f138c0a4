/**
 * Rounds, reward, registration and service URI through the chain actions against anvil, the
 * node's RoundWatcher, plus the typed error for an unreachable RPC.
 */
import {
  createChainClient,
  getBlockHashForRound,
  getBlockNumber,
  getCurrentRound,
  getGasPrice,
  getNetwork,
  getServiceUri,
  getTranscoder,
  getTranscoderPool,
  getTranscoderTotalStake,
  isActiveTranscoder,
  type RoundInfo,
  registerTranscoder,
  reward,
  setServiceUri,
} from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RoundWatcher } from '../../../apps/node/src/chain/RoundWatcher.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
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
    const address = chain.accounts.orchestrator.address
    const stakeBefore = await getTranscoderTotalStake(client, { address })
    const first = await reward(client)
    expect(first.amount).toBeGreaterThan(0n)
    const t = await getTranscoder(client, { address })
    expect(await getTranscoderTotalStake(client, { address })).toBe(stakeBefore + first.amount)
    expect(t.lastRewardRound).toBe(await getCurrentRound(client))
    await expect(reward(client)).rejects.toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'caller has already called reward for the current round',
    })
    await chain.advanceRound()
    expect((await reward(client)).amount).toBeGreaterThan(0n)
  })

  it('reward() reverts for an address that is not an active transcoder', async () => {
    await expect(reward(clientFor(chain, chain.accounts.gateways[0]!))).rejects.toMatchObject({
      reason: 'caller must be an active transcoder',
    })
  })

  it('a newly registered orchestrator is active from the next round, with its service URI', async () => {
    const newcomer = chain.allAccounts[8]!
    const client = clientFor(chain, newcomer)
    const address = newcomer.address
    await registerTranscoder(client, { stake: parseEther('10'), serviceUri: 'https://127.0.0.1:9999' })
    expect(await isActiveTranscoder(client, { address })).toBe(false)
    expect(await getServiceUri(client, { address })).toBe('https://127.0.0.1:9999')
    await chain.advanceRound()
    expect(await isActiveTranscoder(client, { address })).toBe(true)
    expect(await getTranscoderPool(client)).toEqual([chain.accounts.orchestrator.address, address])
    await setServiceUri(client, { uri: 'https://127.0.0.1:9998' })
    expect(await getServiceUri(client, { address })).toBe('https://127.0.0.1:9998')
  })

  it('RoundWatcher reports the current state, then each new initialized round with its block hash', async () => {
    const client = clientFor(chain)
    const watcher = new RoundWatcher(client, { intervalMs: 50 })
    try {
      const initial = await new Promise<RoundInfo>((resolve) => watcher.once('initialized', resolve))
      expect(initial.currentRoundInitialized).toBe(true)
      const next = new Promise<RoundInfo>((resolve) => watcher.once('initialized', resolve))
      const round = await chain.advanceRound()
      const info = await next
      expect(info.lastInitializedRound).toBe(round)
      expect(info.lastInitializedBlockHash).toBe(await getBlockHashForRound(client, { round }))
      expect(info.lastInitializedBlockHash).not.toBe(`0x${'0'.repeat(64)}`)
    } finally {
      watcher.close()
    }
  })

  it('reads gas price and block number', async () => {
    const client = clientFor(chain)
    expect(await getGasPrice(client)).toBeGreaterThan(0n)
    const block = await getBlockNumber(client)
    await chain.mine(3)
    expect(await getBlockNumber(client)).toBe(block + 3n)
  })

  it('writes without an account fail with CHAIN_ACCOUNT_MISSING', async () => {
    const readOnly = createChainClient({ network: getNetwork('dev', chain.deployment) })
    const address = chain.accounts.orchestrator.address
    expect(await isActiveTranscoder(readOnly, { address })).toBe(true)
    await expect(reward(readOnly)).rejects.toMatchObject({ code: 'CHAIN_ACCOUNT_MISSING' })
  })
})

describe('unreachable RPC', () => {
  it('surfaces CHAIN_RPC_UNAVAILABLE', async () => {
    const port = await freePort()
    const network = getNetwork('arbitrum-one')
    const client = createChainClient({ network, rpcUrl: `http://127.0.0.1:${port}` })
    await expect(getBlockNumber(client)).rejects.toMatchObject({ code: 'CHAIN_RPC_UNAVAILABLE' })
    await expect(
      isActiveTranscoder(client, { address: network.contracts.ticketBroker }),
    ).rejects.toMatchObject({ code: 'CHAIN_RPC_UNAVAILABLE' })
  })
})
