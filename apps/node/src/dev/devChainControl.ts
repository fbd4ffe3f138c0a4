/**
 * anvil-only controls of a dev chain: mine blocks, advance to and initialize the next round (the
 * round reads and initializeRound are the @prism/protocol chain actions).
 */
import {
  type ChainClient,
  getCurrentRound,
  getLastInitializedRound,
  getRoundInfo,
  initializeRound,
} from '@prism/protocol'
import type { PublicClient } from 'viem'

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
 * Initializes the current round (from the client's wallet) if it is not yet; returns the round,
 * or null when it already was.
 *
 * @example
 * await initializeRoundIfNeeded({ public: publicClient, wallet: deployer, contracts })
 */
export async function initializeRoundIfNeeded(client: ChainClient): Promise<bigint | null> {
  const [current, last] = await Promise.all([getCurrentRound(client), getLastInitializedRound(client)])
  if (current === last) return null
  await initializeRound(client)
  return getLastInitializedRound(client)
}

/**
 * Mines to the first block of the next round, then initializes that round. Returns the new round.
 *
 * @example
 * const round = await advanceRound({ public: publicClient, wallet: deployer, contracts: deployment.contracts })
 */
export async function advanceRound(client: ChainClient): Promise<bigint> {
  const { currentRoundStartBlock, roundLength, blockNumber } = await getRoundInfo(client)
  // Make the latest block the first block of the next round (views at `latest` then see it).
  await mineBlocks(client.public, Number(currentRoundStartBlock + roundLength - blockNumber))
  await initializeRoundIfNeeded(client)
  return getLastInitializedRound(client)
}

/**
 * Makes sure the next `blocks` blocks stay inside one initialized, unlocked round (automine mines
 * a block per transaction): initializes the current round, or moves to the next one when fewer
 * blocks are left before the round's lock (the last 10%, where transcoder() reverts).
 *
 * @example
 * await roomInRound(deployerClient, 6) // then six setup transactions in the same round
 */
export async function roomInRound(client: ChainClient, blocks: number): Promise<void> {
  const { currentRoundStartBlock, roundLength, blockNumber } = await getRoundInfo(client)
  const lockStart = currentRoundStartBlock + roundLength - (roundLength + 9n) / 10n
  if (blockNumber + BigInt(blocks) + 1n >= lockStart) await advanceRound(client)
  else await initializeRoundIfNeeded(client)
}
