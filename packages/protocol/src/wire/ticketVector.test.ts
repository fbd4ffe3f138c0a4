import { keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { ratFloor } from '../math/rational.ts'
import { hashTicket, ticketHashPreimage } from '../ticket/hashTicket.ts'
import { recoverSigner } from '../ticket/recoverSigner.ts'
import { signTicket } from '../ticket/signTicket.ts'
import type { Ticket } from '../ticket/Ticket.ts'
import { ticketEV } from '../ticket/ticketEV.ts'
import { UINT256_MAX, u256 } from '../utils/bytes.ts'

const account = privateKeyToAccount(`0x${'0'.repeat(63)}1`)

// The go-livepeer wire test vector for tickets, checked against Prism's existing ticket code.
const ticket = {
  recipient: `0x${'00'.repeat(19)}aa`,
  sender: account.address,
  faceValue: 10n ** 15n,
  winProb: UINT256_MAX / 1000n,
  senderNonce: 1n,
  recipientRandHash: keccak256(u256(5n)),
  creationRound: 1234n,
  creationRoundBlockHash: `0x${'11'.repeat(32)}`,
} as Ticket

describe('ticket hash (test vector)', () => {
  it('232 bytes, hash and signature as go-livepeer computes them', async () => {
    expect(ticketHashPreimage(ticket)).toHaveLength(232)
    expect(hashTicket(ticket)).toBe('0x13ef76a9a5a05a5bce07044780308c366724a1f1a79850424a2d293269019690')
    const sig = await signTicket(account, ticket)
    expect(sig).toBe(
      '0x4d8c6a4128a081ed8a2be42f23f7a4e75a2182aae7de6f23462ee7dec0c9307d2e3e538e82647e9d0b95c33fd7d0f4cc112db4a635023d7de0648b31d6ab17071c',
    )
    expect(recoverSigner(hashTicket(ticket), sig)).toBe(account.address)
  })

  it('EV ≈ 10^12 wei', () => {
    expect(ratFloor(ticketEV(ticket.faceValue, ticket.winProb))).toBe(999_999_999_999n)
  })
})
