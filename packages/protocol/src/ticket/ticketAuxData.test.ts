import { describe, expect, it } from 'vitest'
import { HexInvalidError } from '../errors/encoding.ts'
import { ticketAuxData } from './ticketAuxData.ts'

describe('ticketAuxData', () => {
  it('is u256(round) ‖ hash32', () => {
    const hash = '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d'
    expect(ticketAuxData(3000n, hash)).toBe(`0x${(3000).toString(16).padStart(64, '0')}${hash.slice(2)}`)
  })

  it('is empty exactly when round is 0 and the hash is zero', () => {
    expect(ticketAuxData(0n, `0x${'00'.repeat(32)}`)).toBe('0x')
    expect(ticketAuxData(0n, '0x')).toBe('0x')
    expect(ticketAuxData(0n, `0x${'00'.repeat(31)}01`)).toHaveLength(2 + 128)
    expect(ticketAuxData(1n, `0x${'00'.repeat(32)}`)).toHaveLength(2 + 128)
  })

  it('rejects malformed hex', () => {
    expect(() => ticketAuxData(1n, '0xzz' as `0x${string}`)).toThrow(HexInvalidError)
  })
})
