import { type Hex, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { concatBytes, hexToBytesStrict, u256 } from '../utils/bytes.ts'
import { MAX_WIN_PROB } from './constants.ts'
import { isWinningTicket } from './isWinningTicket.ts'
import { signTicket } from './signTicket.ts'
import type { Ticket } from './Ticket.ts'

// docs/protocol.md §11 vector 1.
const VECTOR1: Ticket = {
  recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
  sender: '0xA69cdA26600c155cF2c150964Bdb5371ac3f606F',
  faceValue: 1200000000000000n,
  winProb: 771947261582107969490473233391252719021799897770937093596383896000000000n,
  senderNonce: 1n,
  recipientRandHash: '0xc65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8',
  creationRound: 3000n,
  creationRoundBlockHash: '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d',
}

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

describe('isWinningTicket', () => {
  it('docs/protocol.md §11 vector 2: winProb = h loses, h + 1 wins (strict <)', async () => {
    const sig = await signTicket(account, { ...VECTOR1, sender: account.address })
    const h = BigInt(keccak256(concatBytes(hexToBytesStrict(sig), u256(10n))))
    expect(isWinningTicket(sig, 10n, h)).toBe(false)
    expect(isWinningTicket(sig, 10n, h + 1n)).toBe(true)
    expect(isWinningTicket(sig, 10n, h - 1n)).toBe(false)
  })

  it('winProb 0 never wins, MAX_WIN_PROB wins', async () => {
    const sig: Hex = await signTicket(account, { ...VECTOR1, sender: account.address })
    for (const rand of [0n, 1n, 10n, MAX_WIN_PROB]) {
      expect(isWinningTicket(sig, rand, 0n)).toBe(false)
      expect(isWinningTicket(sig, rand, MAX_WIN_PROB)).toBe(true)
    }
  })
})
