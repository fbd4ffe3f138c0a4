import {
  type ChainClient,
  getBalance,
  getCurrentRound,
  getSenderInfo,
  type SenderInfo,
} from '@prism/protocol'
import type { Address } from 'viem'

/** The session key's funds as the chain sees them: its SenderInfo, the round and its ETH. */
export type SenderState = SenderInfo & {
  /** Current round. */
  currentRound: bigint
  /** ETH held by the session key itself (for gas, and after withdraw). */
  balance: bigint
}

/**
 * Reads deposit, reserve, unlock state and ETH balance of a sender (the @prism/protocol chain
 * actions getSenderInfo, getCurrentRound and getBalance, together).
 * @param client the chain client.
 * @param sender the session key address.
 * @returns the sender state.
 * @example
 * const s = await readSenderState({ public: publicClient, contracts: network.contracts }, key.account.address)
 */
export async function readSenderState(client: ChainClient, sender: Address): Promise<SenderState> {
  const [info, currentRound, balance] = await Promise.all([
    getSenderInfo(client, { sender }),
    getCurrentRound(client),
    getBalance(client, { address: sender }),
  ])
  return { ...info, currentRound, balance }
}

/**
 * Where the unlock of a sender stands.
 * @param state the sender state.
 * @returns `locked` (no unlock pending), `unlocking` (wait for withdrawRound) or `unlocked`.
 * @example
 * unlockStatus({ withdrawRound: 0n, currentRound: 5n } as SenderState) // 'locked'
 */
export function unlockStatus(
  state: Pick<SenderState, 'withdrawRound' | 'currentRound'>,
): 'locked' | 'unlocking' | 'unlocked' {
  if (state.withdrawRound === 0n) return 'locked'
  return state.currentRound >= state.withdrawRound ? 'unlocked' : 'unlocking'
}
