import { describe, expect, it } from 'vitest'
import { versionAtLeast } from './versionAtLeast.ts'

describe('versionAtLeast', () => {
  it('passes an empty or unparsable minimum', () => {
    expect(versionAtLeast('', '')).toBe(true)
    expect(versionAtLeast(undefined, undefined)).toBe(true)
    expect(versionAtLeast('0.1.0', 'not-a-version')).toBe(true)
  })
  it('fails an empty, undefined or unparsable version against a minimum', () => {
    expect(versionAtLeast('', '0.9.0')).toBe(false)
    expect(versionAtLeast('undefined', '0.9.0')).toBe(false)
    expect(versionAtLeast('garbage', '0.9.0')).toBe(false)
  })
  it('compares major.minor.patch, ignoring pre-release and build suffixes', () => {
    expect(versionAtLeast('0.9.1', '0.9.1')).toBe(true)
    expect(versionAtLeast('0.9.1-dev', '0.9.1')).toBe(true)
    expect(versionAtLeast('0.9.1', '0.9.1-rc1')).toBe(true)
    expect(versionAtLeast('0.10.0', '0.9.9')).toBe(true)
    expect(versionAtLeast('v1.0', '0.99.99')).toBe(true)
    expect(versionAtLeast('0.9.0', '0.9.1')).toBe(false)
    expect(versionAtLeast('0.9.1+abc', '1.0.0')).toBe(false)
  })
})
