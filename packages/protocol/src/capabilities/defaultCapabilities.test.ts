import { describe, expect, it } from 'vitest'
import { capabilityBitstring } from './capabilities.ts'
import { DEFAULT_CAPABILITIES } from './defaultCapabilities.ts'

describe('DEFAULT_CAPABILITIES', () => {
  it('is {0–12, 14, 26} = [0x4005fff]', () => {
    expect([...DEFAULT_CAPABILITIES]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 26])
    expect(capabilityBitstring(DEFAULT_CAPABILITIES)).toEqual([0x4005fffn])
  })
})
