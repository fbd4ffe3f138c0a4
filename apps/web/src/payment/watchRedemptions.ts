import { ticketBrokerAbi } from '@prism/protocol'
import type { Address, PublicClient } from 'viem'

/** Redemptions of a sender's winning tickets, as the chain reports them. */
export type RedemptionSummary = { count: number; faceValue: bigint }

/**
 * Reads every WinningTicketRedeemed event of a sender from TicketBroker.
 * @param client public client.
 * @param ticketBroker TicketBroker address.
 * @param sender the session key.
 * @returns how many were redeemed and the sum of their face values.
 * @example
 * const { count } = await readRedemptions(client, network.contracts.ticketBroker, key.address)
 */
export async function readRedemptions(
  client: PublicClient,
  ticketBroker: Address,
  sender: Address,
): Promise<RedemptionSummary> {
  const logs = await client.getContractEvents({
    address: ticketBroker,
    abi: ticketBrokerAbi,
    eventName: 'WinningTicketRedeemed',
    args: { sender },
    fromBlock: 0n,
  })
  let faceValue = 0n
  for (const log of logs) faceValue += (log.args as { faceValue?: bigint }).faceValue ?? 0n
  return { count: logs.length, faceValue }
}
