import { formatEther } from 'viem'

/** An 18-decimal amount with at most 6 decimals, e.g. `100.25`. */
export function formatToken(wei: bigint): string {
  const [int, frac = ''] = formatEther(wei).split('.')
  const short = frac.slice(0, 6).replace(/0+$/, '')
  return short ? `${int}.${short}` : int!
}

/** Parts per million as a percentage, e.g. 100000 → `10%`. */
export function formatPpm(ppm: bigint): string {
  return `${Number(ppm) / 10_000}%`
}
