import { roundsManagerAbi, ticketBrokerAbi } from '@prism/protocol'
import type { Address, PublicClient } from 'viem'
import type { WebContracts } from '../network/webNetwork.ts'

/** The session key's funds as the chain sees them. */
export type SenderState = {
  /** TicketBroker deposit (wei). */
  deposit: bigint
  /** TicketBroker reserve remaining (wei). */
  reserve: bigint
  /** Round from which withdraw() works; 0 when no unlock is pending. */
  withdrawRound: bigint
  /** Current round. */
  currentRound: bigint
  /** ETH held by the session key itself (for gas, and after withdraw). */
  balance: bigint
}

/**
 * Reads deposit, reserve, unlock state and ETH balance of a sender.
 * @param client a viem public client on the network.
 * @param contracts the network's contracts.
 * @param sender the session key address.
 * @returns the sender state.
 * @example
 * const s = await readSenderState(client, network.contracts, key.account.address)
 */
export async function readSenderState(
  client: PublicClient,
  contracts: WebContracts,
  sender: Address,
): Promise<SenderState> {
  const [info, currentRound, balance] = await Promise.all([
    client.readContract({
      address: contracts.ticketBroker,
      abi: ticketBrokerAbi,
      functionName: 'getSenderInfo',
      args: [sender],
    }),
    client.readContract({
      address: contracts.roundsManager,
      abi: roundsManagerAbi,
      functionName: 'currentRound',
    }),
    client.getBalance({ address: sender }),
  ])
  const [senderInfo, reserveInfo] = info
  return {
    deposit: senderInfo.deposit,
    reserve: reserveInfo.fundsRemaining,
    withdrawRound: senderInfo.withdrawRound,
    currentRound,
    balance,
  }
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
