import { CAPABILITIES, netCapabilities } from '@prism/protocol'
import { describe, expect, it } from 'vitest'
import { PricePolicy } from '../../payment/pricePolicy.ts'
import { capabilitiesPrices, capabilityPrice, hasCapabilityPrices, quoteForCapabilities } from './quote.ts'

const live = CAPABILITIES.LiveVideoToVideo
const policy = new PricePolicy({
  pricePerUnit: 1200n,
  capabilityPrices: [
    { capability: 'live-video-to-video', modelId: 'm1', pricePerUnit: 3000n, pixelsPerUnit: 1n },
    { capability: live, pricePerUnit: 500n, pixelsPerUnit: 1n },
  ],
})
/** faceValue 100 × txCost: the overhead is 1 %. */
const adjust = { faceValue: 100n, txCost: 1n }
const ask = (models: string[]) =>
  netCapabilities({
    capabilities: [live],
    capacities: { [live]: 1 },
    models: { [live]: Object.fromEntries(models.map((m) => [m, {}])) },
  })

describe('capabilityPrice', () => {
  it('finds the model’s entry, else the capability’s, by id or pipeline name', () => {
    expect(capabilityPrice(policy, live, 'm1')).toEqual({ num: 3000n, den: 1n })
    expect(capabilityPrice(policy, live, 'other')).toEqual({ num: 500n, den: 1n })
    expect(capabilityPrice(policy, 27, 'm1')).toBeUndefined()
  })
})

describe('quoteForCapabilities', () => {
  it('sums the prices of the models asked for, adjusted by the redemption overhead', () => {
    expect(hasCapabilityPrices(policy, ask(['m1', 'other']))).toBe(true)
    const p = quoteForCapabilities(policy, ask(['m1', 'other']), adjust)
    expect([p.pricePerUnit, p.pixelsPerUnit]).toEqual([3535n, 1n]) // 3500 × 1.01
  })

  it('falls back to the transcoding price when nothing is priced per capability', () => {
    const none = new PricePolicy({ pricePerUnit: 1200n })
    expect(hasCapabilityPrices(none, ask(['m1']))).toBe(false)
    const p = quoteForCapabilities(none, ask(['m1']), adjust)
    expect([p.pricePerUnit, p.pixelsPerUnit]).toEqual([1212n, 1n])
  })
})

describe('capabilitiesPrices', () => {
  it('quotes each offered model on its own, tagged with capability 35 and the model id', () => {
    const list = capabilitiesPrices(policy, ['m1', 'm2'], adjust)
    expect(list.map((p) => [p.capability, p.constraint, p.pricePerUnit, p.pixelsPerUnit])).toEqual([
      [live, 'm1', 3030n, 1n],
      [live, 'm2', 505n, 1n],
    ])
  })
})
