import { describe, expect, it } from 'vitest'
import { rational } from '../math/rational.ts'
import { netCapabilities } from './netCapabilities.ts'
import { quotePrice } from './quotePrice.ts'

const prices: Record<string, bigint> = { '35:a': 10n, '35:b': 5n, '27:c': 100n }
const capabilityPrice = (cap: number, model: string) => {
  const p = prices[`${cap}:${model}`]
  return p === undefined ? undefined : rational(p)
}

describe('quotePrice', () => {
  it('without capabilities: the transcoding price, truncated to 3 decimals', () => {
    expect(quotePrice({ transcodePrice: rational(1200n), autoAdjust: null })).toEqual(rational(1200n))
    expect(quotePrice({ transcodePrice: rational(1n, 3n), autoAdjust: null })).toEqual(rational(333n, 1000n))
    expect(quotePrice({ autoAdjust: null })).toEqual(rational(0n))
  })

  it('auto-adjusts by 1 + 1/txCostMultiplier', () => {
    // faceValue / txCost = 100 → × 1.01
    expect(
      quotePrice({ transcodePrice: rational(1200n), autoAdjust: { faceValue: 100n, txCost: 1n } }),
    ).toEqual(rational(1212n))
    expect(quotePrice({ transcodePrice: rational(0n), autoAdjust: { faceValue: 100n, txCost: 1n } })).toEqual(
      rational(0n),
    )
  })

  it('sums (capability, model) prices over caps in both capacities and PerCapability', () => {
    const caps = netCapabilities({
      capabilities: [27, 35],
      capacities: { 35: 1 },
      models: { 35: { a: {}, b: {} }, 27: { c: {} } },
    })
    expect(quotePrice({ capabilities: caps, capabilityPrice, autoAdjust: null })).toEqual(rational(15n))
    expect(
      quotePrice({ capabilities: caps, capabilityPrice, autoAdjust: { faceValue: 100n, txCost: 1n } }),
    ).toEqual(rational(1515n, 100n))
  })

  it('falls back to the transcoding price when the sum is 0', () => {
    const caps = netCapabilities({
      capabilities: [35],
      capacities: { 35: 1 },
      models: { 35: { unknown: {} } },
    })
    expect(
      quotePrice({ capabilities: caps, capabilityPrice, transcodePrice: rational(7n), autoAdjust: null }),
    ).toEqual(rational(7n))
    expect(quotePrice({ capabilities: caps, capabilityPrice, autoAdjust: null })).toEqual(rational(0n))
  })
})
