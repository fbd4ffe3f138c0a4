import { type Hex, hexToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { SECP256K1_HALF_N, SECP256K1_N } from './constants.ts'
import { hashTicket } from './hashTicket.ts'
import { recoverSigner } from './recoverSigner.ts'
import { recoverTicketSigner } from './recoverTicketSigner.ts'
import { normalizeSignature, signTicket } from './signTicket.ts'
import type { Ticket } from './Ticket.ts'
import { verifyTicketSignature } from './verifyTicketSignature.ts'

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
const ticket = { ...VECTOR1, sender: account.address }

function flipS(sig: Hex): Hex {
  const b = hexToBytes(sig)
  let s = BigInt(toHex(b.subarray(32, 64)))
  s = SECP256K1_N - s
  b.set(hexToBytes(`0x${s.toString(16).padStart(64, '0')}`), 32)
  b[64] = b[64] === 27 ? 28 : 27
  return toHex(b)
}

describe('signTicket / verifyTicketSignature', () => {
  it('produces a 65-byte low-s signature with v 27/28 that recovers to the signer', async () => {
    const sig = await signTicket(account, ticket)
    const b = hexToBytes(sig)
    expect(b.length).toBe(65)
    expect([27, 28]).toContain(b[64])
    expect(BigInt(toHex(b.subarray(32, 64))) <= SECP256K1_HALF_N).toBe(true)
    expect(recoverTicketSigner(ticket, sig)).toBe(account.address)
    expect(verifyTicketSignature(ticket, sig, account.address)).toBe(true)
    expect(verifyTicketSignature(ticket, sig, account.address.toLowerCase() as Hex)).toBe(true)
  })

  it('agrees with viem on the EIP-191 signature over the ticket hash', async () => {
    const sig = await signTicket(account, ticket)
    expect(sig).toBe(await account.signMessage({ message: { raw: hashTicket(ticket) } }))
  })

  it('rejects a signature by someone else or over another ticket', async () => {
    const sig = await signTicket(account, ticket)
    expect(verifyTicketSignature(ticket, sig, VECTOR1.recipient)).toBe(false)
    expect(verifyTicketSignature({ ...ticket, senderNonce: 2n }, sig, account.address)).toBe(false)
  })

  it('rejects high-s signatures (the same signature otherwise valid)', async () => {
    const sig = await signTicket(account, ticket)
    const high = flipS(sig)
    expect(verifyTicketSignature(ticket, high, account.address)).toBe(false)
    expect(recoverTicketSigner(ticket, high)).toBeNull()
    // normalizeSignature brings it back.
    expect(normalizeSignature(high)).toBe(sig)
  })

  it('rejects v = 0/1 and other v values', async () => {
    const sig = await signTicket(account, ticket)
    const b = hexToBytes(sig)
    for (const v of [0, 1, 26, 29]) {
      const c = b.slice()
      c[64] = v
      expect(verifyTicketSignature(ticket, toHex(c), account.address)).toBe(false)
    }
    const c = b.slice()
    c[64] = b[64]! - 27
    expect(normalizeSignature(toHex(c))).toBe(sig)
  })

  it('rejects wrong lengths and malformed hex without throwing', async () => {
    const sig = await signTicket(account, ticket)
    expect(verifyTicketSignature(ticket, sig.slice(0, -2) as Hex, account.address)).toBe(false)
    expect(verifyTicketSignature(ticket, `${sig}00`, account.address)).toBe(false)
    expect(verifyTicketSignature(ticket, '0xnothex' as Hex, account.address)).toBe(false)
    expect(recoverSigner(hashTicket(ticket), `0x${'00'.repeat(64)}1b`)).toBeNull()
  })
})
