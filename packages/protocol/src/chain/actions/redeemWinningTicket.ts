import { parseEventLogs } from 'viem'
import type { Ticket, WinningTicket } from '../../ticket/Ticket.ts'
import { ticketAuxData } from '../../ticket/ticketAuxData.ts'
import { ticketBrokerAbi } from '../abis.ts'
import type { ChainClient } from '../client.ts'
import { type ChainTxResult, txResult, writeChainContract } from '../contractCall.ts'
import type { ChainWriteErrorType } from '../errors.ts'

/** Parameters of {@link redeemWinningTicket}. */
export type RedeemWinningTicketParameters = { ticket: WinningTicket }
/** The mined transaction and the wei transferred (0 when the sender had nothing left). */
export type RedeemWinningTicketReturnType = ChainTxResult & { amount: bigint }
/** Errors of {@link redeemWinningTicket}. */
export type RedeemWinningTicketErrorType = ChainWriteErrorType

/**
 * The TicketBroker tuple of a ticket: auxData = u256(creationRound) ‖ creationRoundBlockHash.
 *
 * @example
 * toContractTicket(ticket).auxData // '0x…' (64 bytes)
 */
export function toContractTicket(t: Ticket) {
  return {
    recipient: t.recipient,
    sender: t.sender,
    faceValue: t.faceValue,
    winProb: t.winProb,
    senderNonce: t.senderNonce,
    recipientRandHash: t.recipientRandHash,
    auxData: ticketAuxData(t.creationRound, t.creationRoundBlockHash),
  }
}

/**
 * Redeems one winning ticket from the wallet's account (the recipient) and waits for the receipt.
 *
 * @throws ChainRevertError (`CHAIN_REVERT`) with the contract's revert string, e.g. `ticket is used`.
 * @example
 * const { amount } = await redeemWinningTicket(client, { ticket: { ...ticket, sig, recipientRand } })
 */
export async function redeemWinningTicket(
  client: ChainClient,
  params: RedeemWinningTicketParameters,
): Promise<RedeemWinningTicketReturnType> {
  const { ticket } = params
  const receipt = await writeChainContract(client, {
    contract: 'ticketBroker',
    abi: ticketBrokerAbi,
    functionName: 'redeemWinningTicket',
    args: [toContractTicket(ticket), ticket.sig, ticket.recipientRand],
  })
  const transfers = parseEventLogs({
    abi: ticketBrokerAbi,
    logs: receipt.logs,
    eventName: 'WinningTicketTransfer',
  })
  return { ...txResult(receipt), amount: transfers.reduce((sum, l) => sum + l.args.amount, 0n) }
}
