/** anvil-only controls of a dev chain: mine blocks, advance to and initialize the next round. */
import { type ContractAddresses, roundsManagerAbi } from '@prism/protocol'
import type { PublicClient } from 'viem'
import { type DevWallet, waitForSuccess } from './deployContracts.ts'

/**
 * Mines `blocks` empty blocks at once (`anvil_mine`).
 *
 * @example
 * await mineBlocks(publicClient, 5)
 */
export async function mineBlocks(publicClient: PublicClient, blocks: number): Promise<void> {
  if (blocks <= 0) return
  await publicClient.request({
    method: 'anvil_mine' as 'eth_blockNumber',
    params: [`0x${blocks.toString(16)}`] as unknown as undefined,
  })
}

/**
 * Initializes the current round if it is not yet; returns the round, or null when it already was.
 *
 * @example
 * await initializeRoundIfNeeded(publicClient, wallet, contracts)
 */
export async function initializeRoundIfNeeded(
  publicClient: PublicClient,
  wallet: DevWallet,
  contracts: Pick<ContractAddresses, 'roundsManager'>,
): Promise<bigint | null> {
  const address = contracts.roundsManager
  const initialized = await publicClient.readContract({
    address,
    abi: roundsManagerAbi,
    functionName: 'currentRoundInitialized',
  })
  if (initialized) return null
  const hash = await wallet.writeContract({ address, abi: roundsManagerAbi, functionName: 'initializeRound' })
  await waitForSuccess(publicClient, hash, 'initializeRound')
  return publicClient.readContract({ address, abi: roundsManagerAbi, functionName: 'lastInitializedRound' })
}

/**
 * Mines to the first block of the next round, then initializes that round. Returns the new round.
 *
 * @example
 * const round = await advanceRound(publicClient, deployerWallet, deployment.contracts)
 */
export async function advanceRound(
  publicClient: PublicClient,
  wallet: DevWallet,
  contracts: Pick<ContractAddresses, 'roundsManager'>,
): Promise<bigint> {
  const address = contracts.roundsManager
  const [start, length, block] = await Promise.all([
    publicClient.readContract({ address, abi: roundsManagerAbi, functionName: 'currentRoundStartBlock' }),
    publicClient.readContract({ address, abi: roundsManagerAbi, functionName: 'roundLength' }),
    publicClient.getBlockNumber({ cacheTime: 0 }),
  ])
  // Make the latest block the first block of the next round (views at `latest` then see it).
  await mineBlocks(publicClient, Number(start + length - block))
  await initializeRoundIfNeeded(publicClient, wallet, contracts)
  return publicClient.readContract({ address, abi: roundsManagerAbi, functionName: 'lastInitializedRound' })
}
