import { formatEther } from 'viem'

/** wei in one gwei. */
const GWEI = 1_000_000_000
/** Amounts from this many wei up are shown in ETH (0.0001 ETH). */
const ETH_FROM_WEI = 100_000_000_000_000

/**
 * A number with at most `digits` significant digits, without trailing zeros or exponent.
 * @example significant(0.000123456, 3) // '0.000123'
 */
export function significant(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–'
  if (x === 0) return '0'
  const abs = Math.abs(x)
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)))
  const s = x.toFixed(Math.min(decimals, 20))
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
}

/**
 * Wei as ETH with up to 6 decimals (balances, deposits: always in ETH).
 * @example formatEth(1500000000000000000n) // '1.5 ETH'
 */
export function formatEth(wei: bigint): string {
  const s = formatEther(wei)
  const [i, f = ''] = s.split('.')
  const frac = f.slice(0, 6).replace(/0+$/, '')
  return `${i}${frac ? `.${frac}` : ''} ETH`
}

/**
 * An amount of wei in the unit that reads best: ETH from 0.0001 ETH up, gwei from 1 gwei up (or
 * down to 0.001 gwei), wei below; 3 significant digits (more for ETH amounts).
 * @param wei the amount (a number for expected values, which are fractional).
 * @example
 * formatWei(8000000000)            // '8 gwei'
 * formatWei(16000000000)           // '16 gwei'
 * formatWei(500000000000000000n)   // '0.5 ETH'
 * formatWei(120000)                // '120000 wei'
 */
export function formatWei(wei: bigint | number): string {
  const n = typeof wei === 'bigint' ? Number(wei) : wei
  if (!Number.isFinite(n)) return '–'
  const abs = Math.abs(n)
  if (abs === 0) return '0 ETH'
  if (abs >= ETH_FROM_WEI) {
    if (typeof wei === 'bigint') return formatEth(wei)
    return `${significant(n / 1e18, 4)} ETH`
  }
  if (abs >= GWEI / 1000) return `${significant(n / GWEI, 3)} gwei`
  return `${significant(n, 3)} wei`
}

/**
 * A price per pixel in wei, with its unit.
 * @example formatPricePerPixel(1.01) // '1.01 wei/pixel'
 */
export function formatPricePerPixel(weiPerPixel: number | undefined): string {
  if (weiPerPixel === undefined) return '–'
  if (weiPerPixel === 0) return 'free'
  return `${significant(weiPerPixel, 4)} wei/pixel`
}

/**
 * What streaming costs per minute: price per pixel × output pixels per second × 60.
 * @param weiPerPixel price per pixel, wei.
 * @param pixelsPerSecond output pixels per second (width × height × fps).
 * @returns wei per minute.
 * @example costPerMinute(1, 256 * 256 * 30) // 117964800
 */
export function costPerMinute(weiPerPixel: number, pixelsPerSecond: number): number {
  return weiPerPixel * pixelsPerSecond * 60
}

/**
 * A cost per minute with its unit.
 * @example formatCostPerMinute(117964800) // '0.118 gwei/min'
 */
export function formatCostPerMinute(weiPerMinute: number | undefined): string {
  if (weiPerMinute === undefined) return '–'
  if (weiPerMinute === 0) return 'free'
  return `${formatWei(weiPerMinute)}/min`
}

/**
 * How long a balance lasts at a cost per minute, in words.
 * @example formatRunway(500000000000000000n, 117964800) // 'years'
 */
export function formatRunway(wei: bigint, weiPerMinute: number): string {
  if (weiPerMinute <= 0) return 'unlimited'
  const minutes = Number(wei) / weiPerMinute
  if (minutes < 1) return 'under a minute'
  if (minutes < 120) return `${Math.floor(minutes)} min`
  const hours = minutes / 60
  if (hours < 48) return `${Math.floor(hours)} h`
  const days = hours / 24
  return days < 365 ? `${Math.floor(days)} days` : 'years'
}

/**
 * The redemption markup an orchestrator adds with `-autoAdjustPrice`: quoted = base × (1 +
 * txCost / faceValue), so a winning ticket also pays the gas of redeeming it.
 * @param faceValue the face value of its tickets, wei.
 * @param txCost gas of one redemption × gas price, wei.
 * @returns the multiplier (1 = no markup).
 * @example redemptionMarkup(1_000_000_000_000_000n, 350_000_000_000_000n) // 1.35
 */
export function redemptionMarkup(faceValue: bigint, txCost: bigint): number {
  if (faceValue <= 0n) return 1
  return 1 + Number(txCost) / Number(faceValue)
}

/**
 * A win probability (as TicketBroker's 256-bit fraction of 2^256 − 1) as a percentage.
 * @example formatWinProb(2n ** 255n) // '50%'
 */
export function formatWinProb(winProb: bigint): string {
  const p = Number((winProb * 1_000_000n) / (2n ** 256n - 1n)) / 10_000
  return `${significant(p, 3)}%`
}

/**
 * Milliseconds with a unit, rounded.
 * @example formatMs(1234.5) // '1235 ms'
 */
export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : `${Math.round(ms)} ms`
}

/**
 * A short 0x address.
 * @example shortAddress('0x1234567890abcdef1234567890abcdef12345678') // '0x1234…5678'
 */
export function shortAddress(a: string): string {
  return a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a
}
