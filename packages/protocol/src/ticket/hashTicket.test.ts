import { toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { ValueOutOfRangeError } from '../errors/encoding.ts'
import { hashTicket, ticketHashPreimage } from './hashTicket.ts'
import { recipientRandHash } from './recipientRandHash.ts'
import { eip191Digest } from './recoverSigner.ts'
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

describe('hashTicket', () => {
  it('matches docs/protocol.md §11 vector 1 (hash, digest, packed length)', () => {
    expect(recipientRandHash(10n)).toBe(VECTOR1.recipientRandHash)
    expect(ticketHashPreimage(VECTOR1).length).toBe(232)
    const hash = hashTicket(VECTOR1)
    expect(hash).toBe('0x8583bdc841156622c67dedf6784da475e498e5a6e031619bf8d5bc6ee1feb7b8')
    expect(toHex(eip191Digest(hash))).toBe(
      '0x7c54623fae90cfa2f9e782e50c0664ac87e9fb56b3deed38a19d5f57b6d76f4d',
    )
  })

  it('is independent of address case', () => {
    const lower = { ...VECTOR1, recipient: VECTOR1.recipient.toLowerCase() as `0x${string}` }
    expect(hashTicket(lower)).toBe(hashTicket(VECTOR1))
  })

  it('hashes 168 bytes when round and block hash are zero', () => {
    const t = { ...VECTOR1, creationRound: 0n, creationRoundBlockHash: `0x${'00'.repeat(32)}` as const }
    expect(ticketHashPreimage(t).length).toBe(168)
    expect(hashTicket(t)).not.toBe(hashTicket(VECTOR1))
  })

  it('accepts nonce 0 and 2^32-1 and changes with the nonce', () => {
    const a = hashTicket({ ...VECTOR1, senderNonce: 0n })
    const b = hashTicket({ ...VECTOR1, senderNonce: 2n ** 32n - 1n })
    expect(a).not.toBe(b)
    expect(ticketHashPreimage({ ...VECTOR1, senderNonce: 2n ** 32n - 1n }).subarray(132, 136)).toEqual(
      new Uint8Array([0xff, 0xff, 0xff, 0xff]),
    )
  })

  it('rejects values outside uint256 with a typed error', () => {
    expect(() => hashTicket({ ...VECTOR1, faceValue: -1n })).toThrow(ValueOutOfRangeError)
    expect(() => hashTicket({ ...VECTOR1, winProb: 1n << 256n })).toThrow(ValueOutOfRangeError)
  })
})
