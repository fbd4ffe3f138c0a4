import { keccak256, stringToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { signNodeHash, signNodeMessage, verifyNodeSignature } from './nodeSignature.ts'

const account = privateKeyToAccount(`0x${'0'.repeat(63)}1`)

describe('node signatures', () => {
  it('signs keccak256(msg) with the personal-message prefix (Ping answers this way)', async () => {
    const value = stringToBytes('ping-value')
    const sig = await signNodeMessage(account, value)
    expect(toHex(sig)).toBe(await account.signMessage({ message: { raw: keccak256(value) } }))
    expect(verifyNodeSignature(account.address, value, sig)).toBe(true)
    expect(verifyNodeSignature(account.address.toLowerCase() as `0x${string}`, value, sig)).toBe(true)
    expect(verifyNodeSignature(new Uint8Array(20), value, sig)).toBe(false)
    expect(verifyNodeSignature(account.address, stringToBytes('other'), sig)).toBe(false)
    expect(verifyNodeSignature(account.address, value, sig.subarray(0, 64))).toBe(false)
  })

  it('signs an already computed hash without the extra keccak', async () => {
    const hash = keccak256(stringToBytes('x'), 'bytes')
    expect(toHex(await signNodeHash(account, hash))).toBe(
      await account.signMessage({ message: { raw: hash } }),
    )
    expect(toHex(await signNodeHash(account, hash))).not.toBe(toHex(await signNodeMessage(account, hash)))
  })
})
