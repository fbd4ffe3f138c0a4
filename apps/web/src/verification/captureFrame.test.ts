import { describe, expect, it } from 'vitest'
import { meanRgb, rgbaToRgb } from './captureFrame.ts'

describe('rgbaToRgb', () => {
  it('drops alpha', () => {
    expect([...rgbaToRgb(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]))]).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('meanRgb', () => {
  it('averages channels', () => {
    expect(meanRgb({ data: new Uint8Array([0, 10, 20, 10, 30, 40]) })).toEqual([5, 20, 30])
  })
})
