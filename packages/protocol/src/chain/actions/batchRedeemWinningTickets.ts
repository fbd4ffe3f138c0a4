import { type Log, parseEventLogs } from 'viem'
import type { WinningTicket } from '../../ticket/Ticket.ts'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'
import { toContractTicket } from './redeemWinningTicket.ts'

/** Parameters of {@link batchRedeemWinningTickets}. */
export type BatchRedeemWinningTicketsParameters = {
  tickets: readonly WinningTicket[]
  /** Gas one redemption is assumed to cost (the network's `redeemGas`); the batch gets one per ticket. */
  redeemGas: bigint
}
/** The mined transaction and, per ticket in order, whether it went through and the wei it moved. */
export type BatchRedeemWinningTicketsReturnType = ChainTxResult & {
  /** Whether each ticket was redeemed (a failing ticket does not revert the batch). */
  redeemed: boolean[]
  /** Wei transferred for each ticket (0 when not redeemed). */
  amounts: bigint[]
}
/** Errors of {@link batchRedeemWinningTickets}. */
export type BatchRedeemWinningTicketsErrorType = ChainWriteErrorType

/**
 * Which tickets of a batch were redeemed, from the receipt's logs (pure): each
 * `WinningTicketRedeemed` event is matched to a ticket on sender, recipient, nonce, rand and face
 * value, with the amount of the `WinningTicketTransfer` just before it.
 *
 * @example
 * const { redeemed, amounts } = matchRedeemedTickets(tickets, receipt.logs)
 */
export function matchRedeemedTickets(
  tickets: readonly WinningTicket[],
  logs: readonly Log[],
): { redeemed: boolean[]; amounts: bigint[] } {
  const redeemed = tickets.map(() => false)
  const amounts = tickets.map(() => 0n)
  let pendingTransfer: bigint | undefined
  for (const log of parseEventLogs({ abi: ticketBrokerAbi, logs: [...logs] })) {
    if (log.eventName === 'WinningTicketTransfer') pendingTransfer = log.args.amount
    if (log.eventName !== 'WinningTicketRedeemed') continue
    const e = log.args
    const i = tickets.findIndex(
      (t, j) =>
        !redeemed[j] &&
        t.sender.toLowerCase() === e.sender.toLowerCase() &&
        t.recipient.toLowerCase() === e.recipient.toLowerCase() &&
        t.senderNonce === e.senderNonce &&
        t.recipientRand === e.recipientRand &&
        t.faceValue === e.faceValue,
    )
    if (i >= 0) {
      redeemed[i] = true
      amounts[i] = pendingTransfer ?? 0n
    }
    pendingTransfer = undefined
  }
  return { redeemed, amounts }
}

/**
 * Redeems several tickets in one transaction; a failing ticket is skipped, not reverted.
 *
 * @example
 * const { redeemed } = await batchRedeemWinningTickets(client, { tickets, redeemGas: network.redeemGas })
 */
export async function batchRedeemWinningTickets(
  client: ChainClient,
  params: BatchRedeemWinningTicketsParameters,
): Promise<BatchRedeemWinningTicketsReturnType> {
  const { tickets } = params
  const receipt = await writeChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'batchRedeemWinningTickets',
    args: [tickets.map(toContractTicket), tickets.map((t) => t.sig), tickets.map((t) => t.recipientRand)],
    // Failing tickets do not revert, so gas estimation would settle on a limit at which the inner
    // redemptions run out of gas: give each ticket the network's redeemGas instead.
    gas: 100_000n + params.redeemGas * BigInt(tickets.length),
  })
  return { ...txResult(receipt), ...matchRedeemedTickets(tickets, receipt.logs) }
}
