import { describe, expect, it } from 'vitest'
import {
  costPerMinute,
  formatCostPerMinute,
  formatEth,
  formatMs,
  formatPricePerPixel,
  formatRunway,
  formatWei,
  formatWinProb,
  redemptionMarkup,
  shortAddress,
  significant,
} from './format.ts'

describe('format', () => {
  it('formats wei as ETH', () => {
    expect(formatEth(1_500_000_000_000_000_000n)).toBe('1.5 ETH')
    expect(formatEth(0n)).toBe('0 ETH')
    expect(formatEth(1n)).toBe('0 ETH')
  })

  it('shows amounts in ETH, gwei or wei with their unit, never raw wei counts', () => {
    expect(formatWei(8_000_000_000)).toBe('8 gwei')
    expect(formatWei(16_000_000_000)).toBe('16 gwei')
    expect(formatWei(500_000_000_000_000_000n)).toBe('0.5 ETH')
    expect(formatWei(999_000_000_000_000)).toBe('0.000999 ETH')
    expect(formatWei(117_964_800)).toBe('0.118 gwei')
    expect(formatWei(1_234_567)).toBe('0.00123 gwei')
    expect(formatWei(120_000)).toBe('120000 wei')
    expect(formatWei(0)).toBe('0 ETH')
    expect(formatWei(Number.NaN)).toBe('–')
  })

  it('keeps three significant digits without exponents', () => {
    expect(significant(0.000123456)).toBe('0.000123')
    expect(significant(123456)).toBe('123456')
    expect(significant(1.5)).toBe('1.5')
    expect(significant(-2.345, 2)).toBe('-2.3')
  })

  it('prices pixels with a unit', () => {
    expect(formatPricePerPixel(1.01)).toBe('1.01 wei/pixel')
    expect(formatPricePerPixel(0)).toBe('free')
    expect(formatPricePerPixel(undefined)).toBe('–')
  })

  it('computes the cost per minute at a price and resolution', () => {
    // 256x256 at 30 fps and 1 wei/pixel.
    expect(costPerMinute(1, 256 * 256 * 30)).toBe(117_964_800)
    // 512x512 costs four times as much; 1.5 wei/pixel half again.
    expect(costPerMinute(1.5, 512 * 512 * 30)).toBe(4 * 1.5 * 117_964_800)
    expect(formatCostPerMinute(costPerMinute(1, 256 * 256 * 30))).toBe('0.118 gwei/min')
    expect(formatCostPerMinute(0)).toBe('free')
    expect(formatCostPerMinute(3e15)).toBe('0.003 ETH/min')
  })

  it('says how long a balance lasts', () => {
    expect(formatRunway(500_000_000_000_000_000n, 117_964_800)).toBe('years')
    expect(formatRunway(10n ** 16n, 1e14)).toBe('100 min')
    expect(formatRunway(10n ** 18n, 1e14)).toBe('6 days')
    expect(formatRunway(1n, 1e14)).toBe('under a minute')
    expect(formatRunway(1n, 0)).toBe('unlimited')
  })

  it('explains the redemption markup and win probability', () => {
    expect(redemptionMarkup(1_000_000_000_000_000n, 350_000_000_000_000n)).toBeCloseTo(1.35)
    expect(redemptionMarkup(0n, 1n)).toBe(1)
    expect(formatWinProb(2n ** 255n)).toBe('50%')
    expect(formatWinProb(2n ** 256n - 1n)).toBe('100%')
    expect(formatWinProb(0n)).toBe('0%')
  })

  it('formats ms and addresses', () => {
    expect(formatMs(1234.5)).toBe('1235 ms')
    expect(formatMs(undefined)).toBe('–')
    expect(shortAddress('0x1234567890abcdef1234567890abcdef12345678')).toBe('0x1234…5678')
  })
})
