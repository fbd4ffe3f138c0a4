import { type Address, encodeAbiParameters, encodeEventTopics, type Hex, type Log } from 'viem'
import { describe, expect, it } from 'vitest'
import type { WinningTicket } from '../../ticket/Ticket.ts'
import { ticketBrokerAbi } from '../abis.ts'
import { matchRedeemedTickets } from './batchRedeemWinningTickets.ts'
import { toContractTicket } from './redeemWinningTicket.ts'

const SENDER: Address = '0x00000000000000000000000000000000000000a1'
const RECIPIENT: Address = '0x00000000000000000000000000000000000000b2'
const HASH: Hex = `0x${'22'.repeat(32)}`

function ticket(nonce: bigint, faceValue = 100n): WinningTicket {
  return {
    recipient: RECIPIENT,
    sender: SENDER,
    faceValue,
    winProb: 1n,
    senderNonce: nonce,
    recipientRandHash: HASH,
    creationRound: 7n,
    creationRoundBlockHash: HASH,
    sig: '0x',
    recipientRand: 1000n + nonce,
  }
}

function log(topics: Hex[], data: Hex): Log {
  return { address: SENDER, topics: topics as [Hex, ...Hex[]], data } as unknown as Log
}

function transfer(amount: bigint): Log {
  const topics = encodeEventTopics({
    abi: ticketBrokerAbi,
    eventName: 'WinningTicketTransfer',
    args: { sender: SENDER, recipient: RECIPIENT },
  })
  return log(topics as Hex[], encodeAbiParameters([{ type: 'uint256' }], [amount]))
}

function redeemedEvent(t: WinningTicket): Log {
  const topics = encodeEventTopics({
    abi: ticketBrokerAbi,
    eventName: 'WinningTicketRedeemed',
    args: { sender: t.sender, recipient: t.recipient },
  })
  const data = encodeAbiParameters(
    [{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }],
    [t.faceValue, t.winProb, t.senderNonce, t.recipientRand, toContractTicket(t).auxData],
  )
  return log(topics as Hex[], data)
}

describe('matchRedeemedTickets', () => {
  it('marks the tickets whose WinningTicketRedeemed event is in the receipt, with the transfer before it', () => {
    const tickets = [ticket(1n), ticket(2n), ticket(3n)]
    const logs = [transfer(100n), redeemedEvent(tickets[0]!), redeemedEvent(tickets[2]!)]
    expect(matchRedeemedTickets(tickets, logs)).toEqual({
      redeemed: [true, false, true],
      amounts: [100n, 0n, 0n],
    })
  })

  it('matches two identical-looking tickets once each and ignores unrelated logs', () => {
    const tickets = [ticket(5n), ticket(5n)]
    const stray = log([`0x${'33'.repeat(32)}`], '0x')
    const logs = [stray, transfer(7n), redeemedEvent(tickets[0]!)]
    expect(matchRedeemedTickets(tickets, logs).redeemed).toEqual([true, false])
  })
})

describe('toContractTicket', () => {
  it('packs creation round and block hash into the 64-byte auxData', () => {
    const aux = toContractTicket(ticket(1n)).auxData
    expect(aux).toBe(`0x${7n.toString(16).padStart(64, '0')}${'22'.repeat(32)}`)
  })
})
