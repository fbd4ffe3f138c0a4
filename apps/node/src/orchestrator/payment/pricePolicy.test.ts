/** PricePolicy as the node's one mutable price: updates, all-or-nothing validation, settings. */
import { describe, expect, it } from 'vitest'
import { PricePolicy } from './pricePolicy.ts'

const FREE_CTX = { faceValue: 0n, txCost: 0n }

describe('PricePolicy.update', () => {
  it('changes the base price every later quote uses', () => {
    const policy = new PricePolicy({ pricePerUnit: 10n, autoAdjustPrice: false })
    policy.update({ pricePerUnit: 1500n, pixelsPerUnit: 4n })
    expect(policy.baseJson()).toEqual({ pricePerUnit: '375', pixelsPerUnit: '1' })
    expect(policy.quote(FREE_CTX)).toEqual({ pricePerUnit: 375n, pixelsPerUnit: 1n })
  })

  it('keeps the fields a patch leaves out', () => {
    const policy = new PricePolicy({
      pricePerUnit: 10n,
      autoAdjustPrice: false,
      capabilityPrices: [{ capability: 35, pricePerUnit: 20n, pixelsPerUnit: 1n }],
    })
    policy.update({ pricePerUnit: 11n })
    expect(policy.quote({ capability: 35, ...FREE_CTX })).toEqual({ pricePerUnit: 20n, pixelsPerUnit: 1n })
    expect(policy.settings()).toEqual({
      price: { pricePerUnit: '11', pixelsPerUnit: '1' },
      capabilityPrices: [{ capability: 35, pricePerUnit: 20n, pixelsPerUnit: 1n }],
      autoAdjustPrice: false,
    })
  })

  it('replaces capability prices and turns auto-adjust on and off', () => {
    const policy = new PricePolicy({ pricePerUnit: 1n, pixelsPerUnit: 3n, autoAdjustPrice: false })
    const ctx = { faceValue: 7n, txCost: 1n }
    expect(policy.quote(ctx)).toEqual({ pricePerUnit: 1n, pixelsPerUnit: 3n })
    policy.update({ autoAdjustPrice: true })
    expect(policy.quote(ctx)).toEqual({ pricePerUnit: 19n, pixelsPerUnit: 50n })
    policy.update({ capabilityPrices: [{ capability: 'ai', pricePerUnit: 0n, pixelsPerUnit: 1n }] })
    expect(policy.quote({ capability: 'ai', ...ctx })).toEqual({ pricePerUnit: 0n, pixelsPerUnit: 1n })
  })

  it('changes nothing when the patch is invalid', () => {
    const policy = new PricePolicy({ pricePerUnit: 10n })
    expect(() =>
      policy.update({
        pricePerUnit: 99n,
        capabilityPrices: [{ capability: 35, pricePerUnit: 1n, pixelsPerUnit: 0n }],
      }),
    ).toThrow(expect.objectContaining({ code: 'PAYMENT_PRICE_INVALID' }))
    expect(() => policy.update({ pricePerUnit: -1n })).toThrow(
      expect.objectContaining({ code: 'PAYMENT_PRICE_INVALID' }),
    )
    expect(policy.settings()).toEqual({
      price: { pricePerUnit: '10', pixelsPerUnit: '1' },
      capabilityPrices: [],
      autoAdjustPrice: true,
    })
  })
})
