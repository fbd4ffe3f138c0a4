import { describe, expect, it } from 'vitest'
import { formatEth, formatMs, shortAddress } from './format.ts'

describe('format', () => {
  it('formats wei as ETH', () => {
    expect(formatEth(1_500_000_000_000_000_000n)).toBe('1.5 ETH')
    expect(formatEth(0n)).toBe('0 ETH')
    expect(formatEth(1n)).toBe('0 ETH')
  })
  it('formats ms and addresses', () => {
    expect(formatMs(1234.5)).toBe('1235 ms')
    expect(formatMs(undefined)).toBe('–')
    expect(shortAddress('0x1234567890abcdef1234567890abcdef12345678')).toBe('0x1234…5678')
  })
})
