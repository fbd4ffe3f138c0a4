import { formatEther } from 'viem'

/**
 * Wei as ETH with up to 6 decimals.
 * @example formatEth(1500000000000000000n) // '1.5 ETH'
 */
export function formatEth(wei: bigint): string {
  const s = formatEther(wei)
  const [i, f = ''] = s.split('.')
  const frac = f.slice(0, 6).replace(/0+$/, '')
  return `${i}${frac ? `.${frac}` : ''} ETH`
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
