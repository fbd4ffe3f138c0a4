/** The Arrange helper itself: a fresh dev chain has its orchestrator active and its gateways funded. */
import { bondingManagerAbi, roundsManagerAbi, serviceRegistryAbi, ticketBrokerAbi } from '@prism/protocol'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'

describe('startDevChain', () => {
  let chain: DevChain
  beforeAll(async () => {
    chain = await startDevChain({ orchestrators: 2 })
  })
  afterAll(async () => {
    await chain?.close()
  })

  it('leaves the current round initialized with a block hash', async () => {
    const { publicClient, deployment } = chain
    const rm = deployment.contracts.roundsManager
    const round = await publicClient.readContract({
      address: rm,
      abi: roundsManagerAbi,
      functionName: 'currentRound',
    })
    expect(
      await publicClient.readContract({
        address: rm,
        abi: roundsManagerAbi,
        functionName: 'currentRoundInitialized',
      }),
    ).toBe(true)
    const hash = await publicClient.readContract({
      address: rm,
      abi: roundsManagerAbi,
      functionName: 'blockHashForRound',
      args: [round],
    })
    expect(hash).not.toBe(`0x${'0'.repeat(64)}`)
  })

  it('registers the orchestrators as active, in stake order, with their service URI', async () => {
    const { publicClient, deployment, accounts } = chain
    const bm = deployment.contracts.bondingManager
    expect(
      await publicClient.readContract({
        address: bm,
        abi: bondingManagerAbi,
        functionName: 'getTranscoderPoolSize',
      }),
    ).toBe(2n)
    const first = await publicClient.readContract({
      address: bm,
      abi: bondingManagerAbi,
      functionName: 'getFirstTranscoderInPool',
    })
    expect(first).toBe(accounts.orchestrators[0]!.address)
    const second = await publicClient.readContract({
      address: bm,
      abi: bondingManagerAbi,
      functionName: 'getNextTranscoderInPool',
      args: [first],
    })
    expect(second).toBe(accounts.orchestrators[1]!.address)
    for (const o of accounts.orchestrators)
      expect(
        await publicClient.readContract({
          address: bm,
          abi: bondingManagerAbi,
          functionName: 'isActiveTranscoder',
          args: [o.address],
        }),
      ).toBe(true)
    const uri = await publicClient.readContract({
      address: deployment.contracts.serviceRegistry,
      abi: serviceRegistryAbi,
      functionName: 'getServiceURI',
      args: [accounts.orchestrator.address],
    })
    expect(uri).toBe('http://127.0.0.1:8935')
  })

  it('funds each gateway with 1 ETH deposit and 1 ETH reserve', async () => {
    const { publicClient, deployment, accounts } = chain
    for (const g of accounts.gateways) {
      const [sender, reserve] = await publicClient.readContract({
        address: deployment.contracts.ticketBroker,
        abi: ticketBrokerAbi,
        functionName: 'getSenderInfo',
        args: [g.address],
      })
      expect(sender.deposit).toBe(parseEther('1'))
      expect(reserve.fundsRemaining).toBe(parseEther('1'))
    }
  })

  it('advanceRound moves to the next round and initializes it', async () => {
    const { publicClient, deployment } = chain
    const rm = deployment.contracts.roundsManager
    const before = await publicClient.readContract({
      address: rm,
      abi: roundsManagerAbi,
      functionName: 'currentRound',
    })
    const next = await chain.advanceRound()
    expect(next).toBe(before + 1n)
    expect(
      await publicClient.readContract({
        address: rm,
        abi: roundsManagerAbi,
        functionName: 'lastInitializedRound',
      }),
    ).toBe(next)
  })
})

describe('loadDeployment', () => {
  it('reads a deployment file and reports a missing one as CHAIN_DEPLOYMENT_MISSING', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const { loadDeployment } = await import('../../../apps/node/src/chain/loadDeployment.ts')
    const dir = await mkdtemp(join(tmpdir(), 'prism-deployment-'))
    try {
      await expect(loadDeployment(join(dir, 'deployment.json'))).rejects.toMatchObject({
        code: 'CHAIN_DEPLOYMENT_MISSING',
      })
      await writeFile(join(dir, 'broken.json'), '{ not json')
      await expect(loadDeployment(join(dir, 'broken.json'))).rejects.toMatchObject({
        code: 'CHAIN_DEPLOYMENT_INVALID',
      })
      const chain = await startDevChain({ gateways: 1 })
      try {
        await writeFile(join(dir, 'deployment.json'), JSON.stringify(chain.deployment))
        expect(await loadDeployment(join(dir, 'deployment.json'))).toEqual(chain.deployment)
      } finally {
        await chain.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
